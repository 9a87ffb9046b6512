import { DatabaseResumingException, ExecuteStatementCommand, type RDSDataClient, type SqlParameter } from '@aws-sdk/client-rds-data';
import { DatabaseUnavailableError } from '../errors';

/** A value bound to a named `:parameter`. */
export type SqlValue = string | number | boolean | null;

/**
 * A bound value that is a zone-less timestamp (`YYYY-MM-DD HH:MM:SS`):
 * sent with the Data API's TIMESTAMP type hint, without which PostgreSQL
 * refuses to compare it with a timestamp column.
 */
export interface SqlTimestamp {
  readonly timestamp: string;
}

/** What a named parameter may hold. */
export type SqlParam = SqlValue | SqlTimestamp;

/** A row keyed by column label; timestamps arrive as zone-less strings. */
export type SqlRow = Readonly<Record<string, SqlValue>>;

/** What the checks need of a database: read rows with bound parameters. */
export interface SqlReader {
  query(sql: string, params?: Readonly<Record<string, SqlParam>>): Promise<SqlRow[]>;
}

/** Connection settings of the Data API. */
export interface DataApiTarget {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database: string;
  /**
   * The engine. On PostgreSQL timestamps are bound with the TIMESTAMP type
   * hint (a varchar does not compare with a timestamp column); on MySQL they
   * go as plain strings, which compare with DATETIME exactly, with no
   * session time zone involved.
   */
  readonly engine?: 'mysql' | 'postgres';
}

/** How long to wait for an auto-paused Aurora to resume. */
export interface ResumePolicy {
  /** Give up after this long (the Data API itself times out at 45 s). */
  readonly maxWaitMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Milliseconds the run may still use; waiting stops before this runs out. */
  readonly remainingMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = {
  maxWaitMs: 40_000,
  firstDelayMs: 1_000,
  maxDelayMs: 8_000,
};

/** Safety margin left to the run after the last wait. */
const REMAINING_MARGIN_MS = 5_000;

function toParameter(name: string, value: SqlParam, timestampHint: boolean): SqlParameter {
  if (value === null) return { name, value: { isNull: true } };
  if (typeof value === 'object') {
    return timestampHint
      ? { name, value: { stringValue: value.timestamp }, typeHint: 'TIMESTAMP' }
      : { name, value: { stringValue: value.timestamp } };
  }
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
  }
  return { name, value: { stringValue: value } };
}

function fromJson(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A read-only SQL reader over the RDS Data API. Parameters are always bound
 * (`:name` in the SQL), rows are mapped by column label, and a
 * `DatabaseResumingException` (an auto-paused Aurora waking up, which the
 * SDK does not retry) is retried with backoff.
 *
 * @param client the RDS Data client, created once per container.
 * @param target cluster, secret and database.
 * @param policy how long to wait for a resuming database.
 */
export function createDataApiReader(
  client: RDSDataClient,
  target: DataApiTarget,
  policy: ResumePolicy = DEFAULT_RESUME_POLICY
): SqlReader & { readonly calls: number } {
  let calls = 0;
  const sleep = policy.sleep ?? defaultSleep;

  /** Time this call may take: what the run has left, less a margin to fail cleanly. */
  function budgetMs(): number {
    const remaining = policy.remainingMs?.() ?? Number.POSITIVE_INFINITY;
    const budget = remaining - REMAINING_MARGIN_MS;
    if (budget <= 0) {
      throw new DatabaseUnavailableError(
        `Tempo esgotado: restavam ${Math.round(remaining / 1000)} s da execução, pouco para consultar o banco do SEI; a verificação falha para ser repetida.`
      );
    }
    return budget;
  }

  async function send(sql: string, parameters: SqlParameter[]) {
    const budget = budgetMs();
    const abortSignal = Number.isFinite(budget) ? AbortSignal.timeout(budget) : undefined;
    try {
      return await client.send(
        new ExecuteStatementCommand({
          resourceArn: target.resourceArn,
          secretArn: target.secretArn,
          database: target.database,
          sql,
          parameters,
          // Rows as JSON objects keyed by column label: about a third of the
          // bytes of typed field unions plus per-column metadata.
          formatRecordsAs: 'JSON',
        }),
        { abortSignal }
      );
    } catch (error) {
      if (abortSignal?.aborted) {
        throw new DatabaseUnavailableError(
          `A consulta ao banco do SEI não terminou em ${Math.round(budget / 1000)} s, o tempo que restava à execução; a verificação falha para ser repetida.`,
          { cause: error }
        );
      }
      throw error;
    }
  }

  async function execute(sql: string, parameters: SqlParameter[]) {
    const started = Date.now();
    let delay = policy.firstDelayMs;
    for (;;) {
      calls++;
      try {
        return await send(sql, parameters);
      } catch (error) {
        if (!(error instanceof DatabaseResumingException)) throw error;
        const waited = Date.now() - started;
        const remaining = policy.remainingMs?.() ?? Number.POSITIVE_INFINITY;
        if (waited + delay > policy.maxWaitMs || remaining - delay < REMAINING_MARGIN_MS) {
          throw new DatabaseUnavailableError(
            `O banco de dados do SEI (Aurora) continuava retomando após ${Math.round(waited / 1000)} s de espera; a verificação será repetida.`,
            { cause: error }
          );
        }
        await sleep(delay);
        delay = Math.min(delay * 2, policy.maxDelayMs);
      }
    }
  }

  return {
    get calls() {
      return calls;
    },
    async query(sql, params = {}) {
      const parameters = Object.entries(params).map(([name, value]) => toParameter(name, value, target.engine !== 'mysql'));
      const output = await execute(sql, parameters);
      const records = JSON.parse(output.formattedRecords ?? '[]') as Record<string, unknown>[];
      return records.map((record) => {
        const row: Record<string, SqlValue> = {};
        for (const [label, value] of Object.entries(record)) row[label.toLowerCase()] = fromJson(value);
        return row;
      });
    },
  };
}
