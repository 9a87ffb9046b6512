import { MODULE_V2_COLUMNS } from '../../shared/sei/notifier-index';
import type { Dialect } from './schema';
import { SEI_TEST_TABLES, seiSchemaStatements } from './schema';

/** One row of `md_pi_pacote_envio` (SEI local times as `YYYY-MM-DD HH:MM:SS`). */
export interface PackageRow {
  readonly id: number;
  readonly processId: number;
  readonly status: string;
  readonly attempts?: number | null;
  readonly statusChangedAt?: string | null;
  readonly cycle?: string | null;
  readonly metadataAt?: string | null;
  readonly metadata?: string | null;
  readonly error?: string | null;
}

/** One row of `protocolo`. */
export interface ProcessRow {
  readonly id: number;
  readonly number: string;
}

/** Everything a scenario puts in an SEI database. */
export interface SeiDataset {
  readonly processes: readonly ProcessRow[];
  readonly packages: readonly PackageRow[];
  /**
   * `md_pi_parametros` row; `undefined` leaves the table empty. With
   * `attemptsLimit` or `integrationAdmin` the table has module 2.x's columns
   * (`quantidade_tentativas`, `email_administrador`); without, 3.x's.
   */
  readonly parameters?: {
    readonly lastRunEnd?: string | null;
    readonly running?: 'S' | 'N' | null;
    readonly attemptsLimit?: number | null;
    readonly integrationAdmin?: string | null;
  };
  /** `SEI_EMAIL_ADMINISTRADOR`; `undefined` leaves it out. */
  readonly adminEmails?: string | null;
  /** `parametro` of the stalled task's row; `undefined` leaves the row out. */
  readonly toleranceParameter?: string | null;
  /** The publishing task's row in SEI's scheduler; `undefined` leaves the row out. */
  readonly publishingTask?: PublishingTaskRow;
  /** Older rows with the same command (a task re-created by hand), with lower ids than the task's. */
  readonly publishingTaskCopies?: readonly PublishingTaskRow[];
}

/** `infra_agendamento_tarefa` row of `publicarProtocoloIntegrado`, as SEI's scheduler keeps it. */
export interface PublishingTaskRow {
  /** `sin_ativo`. */
  readonly active: 'S' | 'N';
  /** `dth_ultima_execucao`: start of the last execution. */
  readonly lastStart?: string | null;
  /** `dth_ultima_conclusao`: end of the last execution that ended normally. */
  readonly lastCompletion?: string | null;
  /** `sin_sucesso`: `N` when the last execution threw. */
  readonly succeeded?: 'S' | 'N' | null;
  /** `sta_periodicidade_execucao` and `periodicidade_complemento`. */
  readonly periodicity?: string | null;
  readonly complement?: string | null;
}

/** Something that runs one SQL statement (pg, mysql2 or PGlite). */
export interface StatementRunner {
  readonly dialect: Dialect;
  run(sql: string): Promise<void>;
}

type Literal = string | number | null | undefined;

/** A SQL literal; MySQL also treats backslashes in strings as escapes. */
export function literal(dialect: Dialect, value: Literal): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  const body = dialect === 'mysql' ? value.replace(/\\/g, '\\\\').replace(/'/g, "''") : value.replace(/'/g, "''");
  return `'${body}'`;
}

/** Types of module 2.x's columns of `md_pi_parametros` (rn/ProtocoloIntegradoVersaoRN.php `instalarv113` @v2.1.3). */
const MODULE_V2_COLUMN_TYPES: Record<(typeof MODULE_V2_COLUMNS)[number], string> = {
  quantidade_tentativas: 'INT NULL',
  email_administrador: 'VARCHAR(255) NULL',
};

/** Rows per INSERT statement. */
const CHUNK = 500;

async function insert(db: StatementRunner, table: string, columns: string[], rows: Literal[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows
      .slice(i, i + CHUNK)
      .map((r) => `(${r.map((v) => literal(db.dialect, v)).join(', ')})`)
      .join(',\n');
    await db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
  }
}

/** Creates the SEI tables (dropping earlier copies). */
export async function createSeiSchema(db: StatementRunner): Promise<void> {
  for (const table of SEI_TEST_TABLES) await db.run(`DROP TABLE IF EXISTS ${table}`);
  for (const statement of seiSchemaStatements(db.dialect)) await db.run(statement);
}

/** Empties the SEI tables and writes `dataset` into them. */
export async function loadDataset(db: StatementRunner, dataset: SeiDataset): Promise<void> {
  for (const table of SEI_TEST_TABLES) await db.run(`DELETE FROM ${table}`);
  await insert(
    db,
    'protocolo',
    ['id_protocolo', 'protocolo_formatado', 'protocolo_formatado_pesquisa', 'sta_protocolo', 'sta_nivel_acesso_global'],
    dataset.processes.map((p) => [p.id, p.number, p.number.replace(/\D/g, ''), 'P', '0'])
  );
  await insert(
    db,
    'md_pi_pacote_envio',
    [
      'id_md_pi_pacote_envio',
      'id_protocolo',
      'dth_metadados',
      'dth_situacao',
      'sta_integracao',
      'arquivo_metadados',
      'arquivo_erro',
      'num_tentativas_envio',
      'dth_agendamento_executado',
    ],
    dataset.packages.map((p) => [
      p.id,
      p.processId,
      p.metadataAt !== undefined ? p.metadataAt : p.statusChangedAt,
      p.statusChangedAt,
      p.status,
      p.metadata,
      p.error,
      p.attempts === undefined ? 1 : p.attempts,
      p.cycle,
    ])
  );
  const parameters = dataset.parameters;
  const moduleV2 = parameters?.attemptsLimit !== undefined || parameters?.integrationAdmin !== undefined;
  // Module 2.x's own columns, dropped by 3.0.0 (versao_3_0_0): present only in a 2.x dataset.
  for (const column of MODULE_V2_COLUMNS) {
    await db.run(
      moduleV2
        ? `ALTER TABLE md_pi_parametros ADD COLUMN IF NOT EXISTS ${column} ${MODULE_V2_COLUMN_TYPES[column]}`
        : `ALTER TABLE md_pi_parametros DROP COLUMN IF EXISTS ${column}`
    );
  }
  if (parameters) {
    await insert(
      db,
      'md_pi_parametros',
      [
        'id_md_pi_parametros',
        'dth_ultimo_processamento',
        'sin_executando_publicacao',
        'num_atividades_carregar',
        ...(moduleV2 ? MODULE_V2_COLUMNS : []),
      ],
      [
        [
          1,
          parameters.lastRunEnd,
          parameters.running ?? 'N',
          100,
          ...(moduleV2 ? [parameters.attemptsLimit ?? 15, parameters.integrationAdmin] : []),
        ],
      ]
    );
  }
  await insert(
    db,
    'infra_parametro',
    ['nome', 'valor'],
    [
      ['SEI_EMAIL_SISTEMA', 'sei@orgao.gov.br'],
      ...(dataset.adminEmails === undefined ? [] : [['SEI_EMAIL_ADMINISTRADOR', dataset.adminEmails]]),
    ]
  );
  const task = (
    id: number,
    description: string,
    command: string,
    row: Partial<PublishingTaskRow> & { parameter?: string | null }
  ): Literal[] => [
    id,
    description,
    `ProtocoloIntegradoAgendamentoRN::${command}`,
    row.parameter,
    row.active ?? 'N',
    row.lastStart,
    row.lastCompletion,
    row.succeeded,
    row.periodicity,
    row.complement,
  ];
  const tasks: Literal[][] = [
    task(1, 'Notificar processos com falha', 'notificarProcessosComFalhaPublicacaoProtocoloIntegrado', {
      periodicity: 'D',
      complement: '17',
    }),
  ];
  const copies = dataset.publishingTaskCopies ?? [];
  copies.forEach((copy, i) => {
    tasks.push(task(10 + i, 'Publicar no Protocolo Integrado (antiga)', 'publicarProtocoloIntegrado', copy));
  });
  if (dataset.publishingTask) {
    tasks.push(task(10 + copies.length, 'Publicar no Protocolo Integrado', 'publicarProtocoloIntegrado', dataset.publishingTask));
  }
  if (dataset.toleranceParameter !== undefined) {
    tasks.push(
      task(3, 'Notificar pacotes não gerados', 'notificarNovosPacotesNaoSendoGerados', {
        parameter: dataset.toleranceParameter,
        periodicity: 'D',
        complement: '12',
      })
    );
  }
  await insert(
    db,
    'infra_agendamento_tarefa',
    [
      'id_infra_agendamento_tarefa',
      'descricao',
      'comando',
      'parametro',
      'sin_ativo',
      'dth_ultima_execucao',
      'dth_ultima_conclusao',
      'sin_sucesso',
      'sta_periodicidade_execucao',
      'periodicidade_complemento',
    ],
    tasks
  );
}
