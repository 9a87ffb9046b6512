/**
 * Server-side bulk seeding of the SEI tables for the benchmark.
 *
 * Every row of `md_pi_pacote_envio` is computed by the database itself from
 * a row number (`generate_series` on PostgreSQL, the sequence engine's
 * `seq_1_to_N` or a digits cross join on MariaDB/MySQL) in a few large
 * `INSERT ... SELECT` statements: nothing is sent row by row.
 *
 * The shape follows the module (see docs/benchmarks.md):
 * - ids grow with time; about a year of nightly cycles (02:00 SEI time), all
 *   packages of a cycle sharing `dth_agendamento_executado`;
 * - the newest cycle has ~1 % failures (2/3 FI, 1/3 EN), ~10 % of them on
 *   their last attempt (`num_tentativas_envio` = 15);
 * - older cycles keep ~0.6 % FI/EN, all out of attempts (the module re-stamps
 *   a package it still retries with the newest cycle, so only those SEI gave
 *   up on stay behind);
 * - ~0.3 % packages (the newest ids) were never tried: `NI` with NULL
 *   `dth_situacao`, cycle, metadata and `dth_metadados`;
 * - `arquivo_metadados` is the JSON the module stores (`json_encode` of the
 *   process with its history), a few KB, partly compressible like real JSON;
 * - `arquivo_erro` is the module's `<ResultadoDocumento>` XML on failed
 *   packages and stays on integrated ones that failed before (the module
 *   never clears it); NULL otherwise;
 * - a few old rows have a NULL `num_tentativas_envio`.
 */
import { instantToLocal } from '../../shared/sei/local-time';
import type { DirectConnection } from '../harness/direct-connection';
import { type Dialect, SEI_TEST_TABLES, seiSchemaStatements } from '../sei/schema';

export interface SeedOptions {
  /** Rows of `md_pi_pacote_envio`. */
  readonly rows: number;
  /** Nightly cycles covered (default 365). */
  readonly cycles?: number;
  /** Average size of `arquivo_metadados` in bytes (default 2500). */
  readonly metadataBytes?: number;
  /** The benchmark's "now" (the newest cycle is the latest 02:00 at least two hours before it). */
  readonly now?: Date;
  /** SEI's zone (default America/Sao_Paulo). */
  readonly timeZone?: string;
  /** Rows per INSERT statement (default 100 000). */
  readonly batchRows?: number;
}

export interface SeedInfo {
  readonly rows: number;
  readonly cycles: number;
  /** `dth_agendamento_executado` of the newest cycle (SEI local time). */
  readonly lastCycle: string;
  /** Packages tried in the newest cycle, and how many of them failed. */
  readonly lastCycleRows: number;
  readonly lastCycleFailures: number;
  readonly neverTried: number;
  /** Wall time of the load (INSERTs) and of ANALYZE/VACUUM, in ms. */
  readonly loadMs: number;
  readonly analyzeMs: number;
  /** Table size on disk as the engine reports it (heap + TOAST, or clustered index). */
  readonly tableBytes: number;
  /** Average `arquivo_metadados` length of tried rows, in characters. */
  readonly avgMetadataChars: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The newest cycle: the latest 02:00 (SEI time) at least two hours before `now`. */
export function newestCycleStart(now: Date, timeZone: string): string {
  const local = instantToLocal(new Date(now.getTime() - 2 * HOUR_MS), timeZone);
  const day = Date.parse(`${local.slice(0, 10)}T00:00:00Z`);
  const start = Number(local.slice(11, 13)) >= 2 ? day : day - DAY_MS;
  return `${new Date(start).toISOString().slice(0, 10)} 02:00:00`;
}

// ---------------------------------------------------------------------------
// dialect helpers (SQL text builders)

interface Sql {
  readonly dialect: Dialect;
  cat(...parts: string[]): string;
  str(expr: string): string;
  idiv(a: string, b: string): string;
  pick(index1: string, values: readonly string[]): string;
  addSeconds(timestamp: string, seconds: string): string;
  addDays(timestamp: string, days: string): string;
  ts(literal: string): string;
  lit(value: string): string;
}

function sqlFor(dialect: Dialect): Sql {
  const lit = (value: string) =>
    dialect === 'mysql' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${value.replace(/'/g, "''")}'`;
  if (dialect === 'postgres') {
    return {
      dialect,
      cat: (...parts) => `(${parts.join(' || ')})`,
      str: (expr) => `CAST(${expr} AS TEXT)`,
      idiv: (a, b) => `((${a}) / (${b}))`,
      pick: (index1, values) => `(ARRAY[${values.map(lit).join(', ')}])[${index1}]`,
      addSeconds: (t, s) => `(${t} + (${s}) * INTERVAL '1 second')`,
      addDays: (t, d) => `(${t} + (${d}) * INTERVAL '1 day')`,
      ts: (literal) => `TIMESTAMP '${literal}'`,
      lit,
    };
  }
  return {
    dialect,
    cat: (...parts) => `CONCAT(${parts.join(', ')})`,
    str: (expr) => `CAST(${expr} AS CHAR)`,
    idiv: (a, b) => `((${a}) DIV (${b}))`,
    pick: (index1, values) => `ELT(${index1}, ${values.map(lit).join(', ')})`,
    addSeconds: (t, s) => `TIMESTAMPADD(SECOND, ${s}, ${t})`,
    addDays: (t, d) => `TIMESTAMPADD(DAY, ${d}, ${t})`,
    ts: (literal) => `TIMESTAMP '${literal}'`,
    lit,
  };
}

// ---------------------------------------------------------------------------
// realistic content

// Unit hierarchies as the module writes them (json_encode escapes "/" and accents).
const UNITS = [
  'Secretaria de Gest\\u00e3o\\/SEGES\\/DIRAD\\/COGEP\\/Minist\\u00e9rio da Gest\\u00e3o e da Inova\\u00e7\\u00e3o em Servi\\u00e7os P\\u00fablicos',
  'Divis\\u00e3o de Protocolo\\/SAA\\/CGRL\\/DIPRO\\/Minist\\u00e9rio da Economia',
  'Coordena\\u00e7\\u00e3o-Geral de Recursos Log\\u00edsticos\\/SE\\/SAA\\/CGRL',
  'Gabinete do Ministro\\/GM\\/ASSESSORIA\\/Minist\\u00e9rio da Sa\\u00fade',
  'Superintend\\u00eancia Regional no Estado de S\\u00e3o Paulo\\/SR-SP\\/DIADM\\/Instituto Nacional do Seguro Social',
  'Servi\\u00e7o de Arquivo e Documenta\\u00e7\\u00e3o\\/SEADOC\\/DIREX\\/Ag\\u00eancia Nacional de Transportes Terrestres',
  'Ouvidoria-Geral\\/OUV\\/GAB\\/Controladoria-Geral da Uni\\u00e3o',
  'Procuradoria Federal Especializada\\/PFE\\/AGU\\/Advocacia-Geral da Uni\\u00e3o',
  'Coordena\\u00e7\\u00e3o de Licita\\u00e7\\u00f5es e Contratos\\/COLIC\\/CGLOG\\/SPOA\\/Minist\\u00e9rio da Educa\\u00e7\\u00e3o',
  'Departamento de Gest\\u00e3o de Pessoas\\/DGP\\/SGA\\/Minist\\u00e9rio da Justi\\u00e7a e Seguran\\u00e7a P\\u00fablica',
  'N\\u00facleo de Atendimento ao Cidad\\u00e3o\\/NAC\\/DIGER\\/Instituto Brasileiro do Meio Ambiente',
  'Comiss\\u00e3o Permanente de Processo Administrativo Disciplinar\\/CPPAD\\/CORREG',
  'Setor de Comunica\\u00e7\\u00f5es Administrativas\\/SECAD\\/DIAD\\/Universidade Federal',
  'Diretoria de Planejamento e Or\\u00e7amento\\/DPO\\/SE\\/Minist\\u00e9rio do Desenvolvimento Regional',
  'Coordena\\u00e7\\u00e3o de Contabilidade\\/CCONT\\/CGOF\\/Secretaria do Tesouro Nacional',
  'Unidade de Protocolo Central\\/UPC\\/CGDOC\\/Ag\\u00eancia Nacional de Vigil\\u00e2ncia Sanit\\u00e1ria',
];

const OPERATIONS = [
  'Processo recebido na unidade',
  'Processo remetido pela unidade',
  'Gerado documento p\\u00fablico',
  'Processo p\\u00fablico gerado',
  'Assinado documento por usu\\u00e1rio',
  'Conclus\\u00e3o do processo na unidade',
  'Reabertura do processo na unidade',
  'Processo anexado ao processo relacionado',
  'Arquivamento do processo',
  'Desarquivamento do processo',
  'Cancelamento de documento',
  'Altera\\u00e7\\u00e3o de n\\u00edvel de acesso do processo',
];

const SUBJECTS = [
  'Aquisi\\u00e7\\u00e3o de bens e contrata\\u00e7\\u00e3o de servi\\u00e7os',
  'Pessoal: aposentadoria, pens\\u00e3o e benef\\u00edcios',
  'Or\\u00e7amento e finan\\u00e7as: execu\\u00e7\\u00e3o or\\u00e7ament\\u00e1ria',
  'Comunica\\u00e7\\u00e3o social: atendimento ao cidad\\u00e3o',
  'Patrim\\u00f4nio: controle de bens m\\u00f3veis',
  'Licita\\u00e7\\u00f5es: preg\\u00e3o eletr\\u00f4nico',
  'Acordos, conv\\u00eanios e termos de coopera\\u00e7\\u00e3o',
  'Correspond\\u00eancia recebida e expedida',
];

const PEOPLE = [
  'Maria Aparecida dos Santos ***.456.789-**',
  'Jos\\u00e9 Carlos de Oliveira',
  'Empresa Brasileira de Servi\\u00e7os Ltda',
  'Ana Paula Ferreira Lima ***.123.654-**',
  'Associa\\u00e7\\u00e3o dos Servidores Federais',
  'Jo\\u00e3o Pedro Almeida Souza',
  'Prefeitura Municipal de Campinas',
  'Francisca Rodrigues da Silva ***.987.321-**',
];

const TYPES = [
  'Pessoal: Aposentadoria',
  'Licita\\u00e7\\u00e3o: Preg\\u00e3o Eletr\\u00f4nico',
  'Gest\\u00e3o de Contrato',
  'Demanda Externa: Ouvidoria',
  'Acesso \\u00e0 Informa\\u00e7\\u00e3o: Demanda do e-SIC',
  'Comunica\\u00e7\\u00e3o: Evento Institucional',
];

// FI texts as a batch send that failed mid-run leaves them (`SF001 - <message>` on every package of
// the batch): refused credentials, a wrong address or an unreadable WSDL stop the run before any
// package is tried and leave no FI row.
const FI_MESSAGES = [
  'SF001 - SOAP Fault: Internal Server Error',
  'SF001 - Connection timed out after 30000 milliseconds',
  'SF001 - Could not connect to host',
  'SF001 - Service Unavailable (503)',
];

const EN_MESSAGES = [
  'NF001 - O protocolo informado já foi cadastrado por outro órgão.',
  'NF003 - Data de produção do documento posterior à data de envio.',
  'NF005 - O campo interessado excede o tamanho máximo permitido (150 caracteres).',
];

// ---------------------------------------------------------------------------

interface Shape {
  readonly rows: number;
  readonly tried: number;
  readonly cycles: number;
  /** Rows per cycle (all but the newest, which takes the remainder). */
  readonly perCycle: number;
  readonly lastCycleRows: number;
  readonly processes: number;
  readonly historyAvg: number;
}

function shapeOf(rows: number, cyclesWanted: number, metadataBytes: number): Shape {
  const neverTried = Math.max(1, Math.round(rows * 0.003));
  const tried = Math.max(1, rows - neverTried);
  const cycles = Math.max(1, Math.min(cyclesWanted, tried));
  const perCycle = Math.max(1, Math.floor(tried / cycles));
  const lastCycleRows = tried - perCycle * (cycles - 1);
  // Header ~430 chars, one history entry ~230.
  const historyAvg = Math.max(1, Math.round((metadataBytes - 430) / 230));
  return { rows, tried, cycles, perCycle, lastCycleRows, processes: Math.max(1, Math.floor(rows * 0.9)), historyAvg };
}

/** Expressions of one package row, from its number `i`. */
function packageColumns(s: Sql, shape: Shape, lastCycle: string) {
  const { tried, cycles, perCycle, lastCycleRows } = shape;
  const k = `LEAST(${s.idiv('i - 1', String(perCycle))}, ${cycles - 1})`;
  const p = `(i - 1 - ${k} * ${perCycle})`;
  const isTried = `i <= ${tried}`;
  const isLast = `${k} = ${cycles - 1}`;
  const h = `((i * 7919) % 10000)`;
  const lastFailed = lastCycleRows < 100 ? `(${p} % 100 = 37 OR ${p} = ${Math.floor(lastCycleRows / 2)})` : `${p} % 100 = 37`;
  const block = s.idiv(p, '100');
  const failed = `((${isLast} AND ${lastFailed}) OR (NOT (${isLast}) AND ${h} < 60))`;
  const fi = `((${isLast} AND ${block} % 3 <> 2) OR (NOT (${isLast}) AND ${h} < 40))`;
  const exhausted = `((${isLast} AND ${block} % 10 = 3) OR NOT (${isLast}))`;
  const cycle = s.addDays(s.ts(lastCycle), `${k} - ${cycles - 1}`);
  const situacao = s.addSeconds(cycle, `${p} % 5400`);
  const status = `CASE WHEN NOT (${isTried}) THEN 'NI' WHEN ${failed} THEN CASE WHEN ${fi} THEN 'FI' ELSE 'EN' END ELSE 'I' END`;
  const attempts = `CASE WHEN NOT (${isTried}) THEN 0
      WHEN ${failed} THEN CASE WHEN ${exhausted} THEN 15 ELSE 1 + ${block} % 14 END
      WHEN ${h} >= 9990 AND ${k} < ${Math.floor(cycles / 2)} THEN NULL
      WHEN ${h} % 50 = 7 THEN 2 + ${h} % 3
      ELSE 1 END`;
  const digits = s.cat(`LPAD(${s.str(`1 + (i - 1) % ${shape.processes}`)}, 11, '0')`, `'2024'`, `LPAD(${s.str('i % 97')}, 2, '0')`);
  const errorXml = (message: string) =>
    s.cat(
      s.lit('<?xml version="1.0" encoding="UTF-8"?>\n<ResultadoDocumento>\n  <Protocolo>'),
      digits,
      s.lit('</Protocolo>\n  <Resultado>'),
      message,
      s.lit('</Resultado>\n</ResultadoDocumento>\n')
    );
  const fiMessage = s.pick(`1 + i % ${FI_MESSAGES.length}`, FI_MESSAGES);
  const enMessage = s.pick(`1 + i % ${EN_MESSAGES.length}`, EN_MESSAGES);
  const error = `CASE WHEN NOT (${isTried}) THEN NULL
      WHEN ${failed} THEN CASE WHEN ${fi} THEN ${errorXml(fiMessage)} ELSE ${errorXml(enMessage)} END
      WHEN ${h} % 50 = 7 THEN ${errorXml(fiMessage)}
      ELSE NULL END`;

  // arquivo_metadados: the module's json_encode($documento).
  const two = (expr: string) => `LPAD(${s.str(expr)}, 2, '0')`;
  const date = (salt: number) =>
    s.cat(
      `'20'`,
      two(`20 + (i + ${salt}) % 5`),
      `'-'`,
      two(`1 + (i + ${salt * 7}) % 12`),
      `'-'`,
      two(`1 + (i * ${salt + 3}) % 28`),
      `'T'`,
      two(`(i + ${salt * 5}) % 24`),
      `':'`,
      two(`(i * 7 + ${salt}) % 60`),
      `':'`,
      two(`(i * 13 + ${salt}) % 60`),
      `'-03:00'`
    );
  const historyCount = `(${Math.max(1, shape.historyAvg - 5)} + i % 11)`;
  const maxEntries = Math.max(1, shape.historyAvg - 5) + 10;
  const entry = (j: number) =>
    s.cat(
      j === 1 ? `''` : `','`,
      `'{"criadoEm":"'`,
      date(j),
      `'","unidade":"'`,
      s.pick(`1 + (i * ${j * 3 + 1} + ${j}) % ${UNITS.length}`, UNITS),
      `'","operacao":"'`,
      s.pick(`1 + (i + ${j * 5}) % ${OPERATIONS.length}`, OPERATIONS),
      `'","usuario":"'`,
      s.str(`100000 + (i * ${j + 11}) % 899999`),
      `'"}'`
    );
  const entries = Array.from({ length: maxEntries }, (_, n) =>
    n === 0 ? entry(1) : `CASE WHEN ${historyCount} > ${n} THEN ${entry(n + 1)} ELSE '' END`
  );
  const metadata = s.cat(
    `'{"protocolo":"'`,
    digits,
    `'","dataHoraProducao":"'`,
    date(0),
    `'","especie":"Processo","tipo":"'`,
    s.pick(`1 + i % ${TYPES.length}`, TYPES),
    `'","nivelAcesso":"Publico","assuntos":[{"codigo":"'`,
    s.str(`1 + (i * 31) % 999`),
    `'","descricao":"'`,
    s.pick(`1 + (i * 3) % ${SUBJECTS.length}`, SUBJECTS),
    `'"}],"interessados":[{"nome":"'`,
    s.pick(`1 + (i * 5) % ${PEOPLE.length}`, PEOPLE),
    `'"}],"unidadeGeradora":"'`,
    s.pick(`1 + (i * 11) % ${UNITS.length}`, UNITS),
    `'","historico":['`,
    ...entries,
    `']}'`
  );

  return {
    id: 'i',
    process: `1 + (i - 1) % ${shape.processes}`,
    metadataAt: `CASE WHEN ${isTried} THEN ${s.addSeconds(situacao, '-30')} END`,
    situacao: `CASE WHEN ${isTried} THEN ${situacao} END`,
    status,
    metadata: `CASE WHEN ${isTried} THEN ${metadata} END`,
    error,
    attempts,
    cycle: `CASE WHEN ${isTried} THEN ${cycle} END`,
  };
}

/** `SELECT i FROM <row numbers a..b>` for the dialect. */
function numbers(s: Sql, from: number, to: number, sequenceEngine: boolean): string {
  if (s.dialect === 'postgres') return `generate_series(CAST(${from} AS BIGINT), ${to}) AS g(i)`;
  if (sequenceEngine) return `(SELECT seq AS i FROM seq_${from}_to_${to}) AS g`;
  const span = to - from + 1;
  const digits = Math.max(1, Math.ceil(Math.log10(span + 1)));
  const joins = Array.from({ length: digits }, (_, n) => `bench_digits d${n}`).join(' CROSS JOIN ');
  const value = Array.from({ length: digits }, (_, n) => `d${n}.d * ${10 ** n}`).join(' + ');
  return `(SELECT ${from} + ${value} AS i FROM ${joins} WHERE ${value} < ${span}) AS g`;
}

async function hasSequenceEngine(db: DirectConnection): Promise<boolean> {
  try {
    await db.query('SELECT seq FROM seq_1_to_1');
    return true;
  } catch {
    return false;
  }
}

async function createTables(db: DirectConnection): Promise<void> {
  for (const table of SEI_TEST_TABLES) await db.query(`DROP TABLE IF EXISTS ${table}`);
  for (const statement of seiSchemaStatements(db.dialect)) await db.query(statement);
}

async function seedSmallTables(db: DirectConnection, s: Sql, lastCycle: string): Promise<void> {
  const lastRunEnd = s.addSeconds(s.ts(lastCycle), '5700');
  await db.query(
    `INSERT INTO md_pi_parametros (id_md_pi_parametros, dth_ultimo_processamento, sin_executando_publicacao, num_atividades_carregar) VALUES (1, ${lastRunEnd}, 'N', 100000)`
  );
  const params: [string, string][] = [
    ['SEI_EMAIL_SISTEMA', 'sei@orgao.gov.br'],
    ['SEI_EMAIL_ADMINISTRADOR', 'integracao@orgao.gov.br;ti-sei@orgao.gov.br'],
    ['ID_UNIDADE_TESTE', '110000001'],
  ];
  for (let n = 1; n <= 200; n++) params.push([`SEI_PARAMETRO_${String(n).padStart(3, '0')}`, `valor ${n}`]);
  await db.query(`INSERT INTO infra_parametro (nome, valor) VALUES ${params.map(([k, v]) => `(${s.lit(k)}, ${s.lit(v)})`).join(', ')}`);

  const tasks: [string, string, string, string | null, string][] = [
    ['Publicação no Protocolo Integrado', 'ProtocoloIntegradoAgendamentoRN::publicarProtocoloIntegrado', '2', null, 'S'],
    [
      'Notificação de processos com falha de publicação no Protocolo Integrado',
      'ProtocoloIntegradoAgendamentoRN::notificarProcessosComFalhaPublicacaoProtocoloIntegrado',
      '17',
      null,
      'N',
    ],
    [
      'Notificação de novos pacotes não sendo gerados para o Protocolo Integrado',
      'ProtocoloIntegradoAgendamentoRN::notificarNovosPacotesNaoSendoGerados',
      '12',
      '2',
      'N',
    ],
  ];
  for (let n = 1; n <= 20; n++) tasks.push([`Tarefa do SEI ${n}`, `AgendamentoRN::tarefa${n}`, String(n % 24), null, 'S']);
  await db.query(
    `INSERT INTO infra_agendamento_tarefa (id_infra_agendamento_tarefa, descricao, comando, sta_periodicidade_execucao, periodicidade_complemento, parametro, sin_ativo, sin_sucesso, email_erro) VALUES ${tasks
      .map(
        ([d, c, hour, param, active], n) =>
          `(${n + 1}, ${s.lit(d)}, ${s.lit(c)}, 'D', ${s.lit(hour)}, ${param === null ? 'NULL' : s.lit(param)}, '${active}', 'S', NULL)`
      )
      .join(', ')}`
  );
}

async function seedProcesses(db: DirectConnection, s: Sql, shape: Shape, batch: number, sequenceEngine: boolean): Promise<void> {
  for (let from = 1; from <= shape.processes; from += batch) {
    const to = Math.min(shape.processes, from + batch - 1);
    const number = s.cat(
      `'99999.'`,
      `LPAD(${s.str('i % 1000000')}, 6, '0')`,
      `'/'`,
      s.str('2015 + i % 10'),
      `'-'`,
      `LPAD(${s.str('i % 97')}, 2, '0')`
    );
    await db.query(`INSERT INTO protocolo (id_protocolo, protocolo_formatado, protocolo_formatado_pesquisa, sta_protocolo, sta_nivel_acesso_global, dta_geracao)
      SELECT i, ${number}, ${s.cat(`LPAD(${s.str('i')}, 11, '0')`, `'2024'`, `LPAD(${s.str('i % 97')}, 2, '0')`)}, 'P', '0', ${s.addDays(s.ts('2015-01-01 00:00:00'), 'i % 3650')}
      FROM ${numbers(s, from, to, sequenceEngine)}`);
  }
}

/**
 * Drops and recreates the SEI tables, then fills them. On PostgreSQL the
 * table is then VACUUM ANALYZEd (hint bits and visibility map set, as on a
 * long-lived table); on MariaDB/MySQL ANALYZE TABLE.
 */
export async function seedBenchDatabase(db: DirectConnection, options: SeedOptions): Promise<SeedInfo> {
  const s = sqlFor(db.dialect);
  const timeZone = options.timeZone ?? 'America/Sao_Paulo';
  const lastCycle = newestCycleStart(options.now ?? new Date(), timeZone);
  const shape = shapeOf(options.rows, options.cycles ?? 365, options.metadataBytes ?? 2500);
  const batch = options.batchRows ?? 100_000;

  const started = performance.now();
  await createTables(db);
  let sequenceEngine = false;
  if (db.dialect === 'mysql') {
    sequenceEngine = await hasSequenceEngine(db);
    if (!sequenceEngine) {
      await db.query('DROP TABLE IF EXISTS bench_digits');
      await db.query('CREATE TABLE bench_digits (d INT NOT NULL PRIMARY KEY)');
      await db.query('INSERT INTO bench_digits (d) VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)');
    }
  }
  await seedSmallTables(db, s, lastCycle);
  await seedProcesses(db, s, shape, batch, sequenceEngine);

  const c = packageColumns(s, shape, lastCycle);
  for (let from = 1; from <= shape.rows; from += batch) {
    const to = Math.min(shape.rows, from + batch - 1);
    await db.query(`INSERT INTO md_pi_pacote_envio (id_md_pi_pacote_envio, id_protocolo, dth_metadados, dth_situacao, sta_integracao, arquivo_metadados, arquivo_erro, num_tentativas_envio, dth_agendamento_executado)
      SELECT ${c.id}, ${c.process}, ${c.metadataAt}, ${c.situacao}, ${c.status}, ${c.metadata}, ${c.error}, ${c.attempts}, ${c.cycle}
      FROM ${numbers(s, from, to, sequenceEngine)}`);
  }
  if (!sequenceEngine && db.dialect === 'mysql') await db.query('DROP TABLE IF EXISTS bench_digits');
  const loadMs = performance.now() - started;

  const analyzeStarted = performance.now();
  if (db.dialect === 'postgres') {
    for (const table of SEI_TEST_TABLES) await db.query(`VACUUM (ANALYZE) ${table}`);
  } else {
    for (const table of SEI_TEST_TABLES) await db.query(`ANALYZE TABLE ${table}`);
  }
  const analyzeMs = performance.now() - analyzeStarted;

  const [facts] = await db.query(`SELECT COUNT(*) AS tried_last,
      SUM(CASE WHEN sta_integracao IN ('FI', 'EN') THEN 1 ELSE 0 END) AS failed_last
    FROM md_pi_pacote_envio WHERE dth_agendamento_executado = ${s.ts(lastCycle)}`);
  const [nullCount] = await db.query(`SELECT COUNT(*) AS n FROM md_pi_pacote_envio WHERE dth_situacao IS NULL`);
  const [size] = await db.query(
    db.dialect === 'postgres'
      ? `SELECT pg_table_size('md_pi_pacote_envio') AS bytes`
      : `SELECT data_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'md_pi_pacote_envio'`
  );
  const [avg] = await db.query(
    `SELECT AVG(LENGTH(arquivo_metadados)) AS avg_meta FROM md_pi_pacote_envio WHERE id_md_pi_pacote_envio % 97 = 0 AND arquivo_metadados IS NOT NULL`
  );

  return {
    rows: shape.rows,
    cycles: shape.cycles,
    lastCycle,
    lastCycleRows: Number(facts?.tried_last ?? 0),
    lastCycleFailures: Number(facts?.failed_last ?? 0),
    neverTried: Number(nullCount?.n ?? 0),
    loadMs,
    analyzeMs,
    tableBytes: Number(size?.bytes ?? 0),
    avgMetadataChars: Math.round(Number(avg?.avg_meta ?? 0)),
  };
}
