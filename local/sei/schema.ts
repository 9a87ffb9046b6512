/**
 * The SEI tables the checks read, as `mod-sei-protocolo-integrado` creates
 * them (columns the checks do not read are kept where they matter for size,
 * such as `arquivo_metadados`). For tests, the demo and benchmarks only: the
 * notifier never writes to an SEI database.
 */
export type Dialect = 'postgres' | 'mysql';

const TYPES = {
  postgres: { datetime: 'TIMESTAMP', longtext: 'TEXT', text: 'TEXT' },
  mysql: { datetime: 'DATETIME', longtext: 'LONGTEXT', text: 'TEXT' },
} as const;

/** CREATE TABLE statements, one per string. */
export function seiSchemaStatements(dialect: Dialect): string[] {
  const t = TYPES[dialect];
  const suffix = dialect === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  return [
    `CREATE TABLE protocolo (
      id_protocolo BIGINT NOT NULL PRIMARY KEY,
      protocolo_formatado VARCHAR(50) NOT NULL,
      protocolo_formatado_pesquisa VARCHAR(50) NULL,
      sta_protocolo CHAR(1) NOT NULL,
      sta_nivel_acesso_global CHAR(1) NULL,
      dta_geracao ${t.datetime} NULL)${suffix}`,
    // No foreign key: real databases hold packages whose process row is gone.
    `CREATE TABLE md_pi_pacote_envio (
      id_md_pi_pacote_envio BIGINT NOT NULL PRIMARY KEY,
      id_protocolo BIGINT NOT NULL,
      dth_metadados ${t.datetime} NULL,
      dth_situacao ${t.datetime} NULL,
      sta_integracao CHAR(2) NOT NULL,
      arquivo_metadados ${t.longtext} NULL,
      arquivo_erro ${t.longtext} NULL,
      num_tentativas_envio INT NULL DEFAULT 0,
      dth_agendamento_executado ${t.datetime} NULL)${suffix}`,
    `CREATE TABLE md_pi_parametros (
      id_md_pi_parametros BIGINT NOT NULL PRIMARY KEY,
      dth_ultimo_processamento ${t.datetime} NULL,
      sin_executando_publicacao CHAR(1) NULL,
      num_atividades_carregar INT NULL)${suffix}`,
    `CREATE TABLE infra_parametro (
      nome VARCHAR(100) NOT NULL PRIMARY KEY,
      valor ${t.text} NULL)${suffix}`,
    `CREATE TABLE infra_agendamento_tarefa (
      id_infra_agendamento_tarefa INT NOT NULL PRIMARY KEY,
      descricao VARCHAR(500) NULL,
      comando VARCHAR(255) NOT NULL,
      sta_periodicidade_execucao CHAR(1) NULL,
      periodicidade_complemento VARCHAR(200) NULL,
      dth_ultima_execucao ${t.datetime} NULL,
      dth_ultima_conclusao ${t.datetime} NULL,
      sin_sucesso CHAR(1) NULL,
      parametro VARCHAR(250) NULL,
      email_erro VARCHAR(250) NULL,
      sin_ativo CHAR(1) NULL)${suffix}`,
  ];
}

/** Tables in the order they can be emptied and dropped. */
export const SEI_TEST_TABLES = [
  'md_pi_pacote_envio',
  'protocolo',
  'md_pi_parametros',
  'infra_parametro',
  'infra_agendamento_tarefa',
] as const;
