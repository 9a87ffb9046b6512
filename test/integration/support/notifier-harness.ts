import type { Handler } from 'aws-lambda';
import { inject, vi } from 'vitest';
import { type DataApiBridge, startDataApiBridge } from '../../../local/bridge';
import { type FaultProxy, startFaultProxy } from '../../../local/harness/fault-proxy';
import { fakeLambdaContext } from '../../../local/harness/lambda-context';
import { type LocalRunOptions, localAwsEnv } from '../../../local/harness/local-aws-env';
import { type LocalDynamo, startLocalDynamo } from '../../../local/harness/local-dynamo';
import { type LocalSes, startLocalSes } from '../../../local/harness/local-ses';
import { loadDataset, type SeiDataset } from '../../../local/sei/dataset';
import type { CheckName } from '../../../shared/checks/decision';
import type { RunSummary } from '../../../shared/notifier/run-summary';
import { createNotifierIndexStatement } from '../../../shared/sei/notifier-index';
import { type EngineKind, openSeiDatabase, type SeiDatabase } from './engines';

const HANDLERS: Record<CheckName, string> = {
  'failed-processes': '../../../functions/failed-processes/handler',
  'stalled-packages': '../../../functions/stalled-packages/handler',
};

/** The notifier wired to a real database through the bridge, mailing to local SES. */
export interface NotifierHarness {
  readonly bridge: DataApiBridge;
  readonly ses: LocalSes;
  readonly dynamo: LocalDynamo;
  /** In front of SES and DynamoDB: answers with AWS errors on demand. */
  readonly sesProxy: FaultProxy;
  readonly dynamoProxy: FaultProxy;
  readonly db: SeiDatabase;
  /** Switches to an empty state table: no idempotency records, no notification state. */
  freshState(): Promise<void>;
  /** Before each test: no mails, no faults, a fresh state table. */
  reset(): Promise<void>;
  /** The state table the next invocation uses. */
  readonly stateTable: string;
  load(dataset: SeiDataset): Promise<void>;
  /** Structured log lines the handler wrote during the last invocation. */
  readonly logs: readonly Record<string, unknown>[];
  /**
   * Invokes the real handler, imported fresh so configuration is read at its
   * "cold start" from the given options.
   */
  invoke(check: CheckName, options?: Partial<LocalRunOptions>, event?: unknown, timeoutMs?: number): Promise<RunSummary>;
  /**
   * A scheduled run at `at`: the handler's clock reads `at` (only `Date` is
   * faked; timers stay real), and the event carries it as scheduled time.
   */
  invokeAt(check: CheckName, at: Date, options?: Partial<LocalRunOptions>): Promise<RunSummary>;
  close(): Promise<void>;
}

export async function startNotifierHarness(db: SeiDatabase): Promise<NotifierHarness> {
  const bridge = await startDataApiBridge({ executor: db.executor });
  const ses = await startLocalSes();
  const dynamo = await startLocalDynamo();
  const sesProxy = await startFaultProxy(ses.url);
  const dynamoProxy = await startFaultProxy(dynamo.url);
  let stateTable = dynamo.tableName;
  let tables = 0;
  let logs: Record<string, unknown>[] = [];
  async function freshState() {
    stateTable = `state-${++tables}`;
    await dynamo.createTable(stateTable);
  }
  async function invoke(
    check: CheckName,
    options: Partial<LocalRunOptions> = {},
    event: unknown = { scheduledTime: new Date().toISOString() },
    timeoutMs = 120_000
  ): Promise<RunSummary> {
    const env = localAwsEnv({
      dataApiUrl: bridge.url,
      sesUrl: sesProxy.url,
      dynamoUrl: dynamoProxy.url,
      stateTable,
      engine: db.dbEngine,
      ...options,
    });
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    // The handler logs JSON lines to stdout: keep them for assertions, off the test output.
    logs = [];
    const keep = (chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) if (line.startsWith('{')) logs.push(JSON.parse(line));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(keep);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(keep);
    try {
      vi.resetModules();
      const { handler } = (await import(HANDLERS[check])) as { handler: Handler<unknown, RunSummary> };
      return (await handler(event, fakeLambdaContext(check, timeoutMs), () => {})) as RunSummary;
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
  }
  return {
    bridge,
    ses,
    dynamo,
    sesProxy,
    dynamoProxy,
    db,
    get stateTable() {
      return stateTable;
    },
    freshState,
    async reset() {
      ses.clear();
      bridge.faults.clear();
      sesProxy.clear();
      dynamoProxy.clear();
      await freshState();
    },
    get logs() {
      return logs;
    },
    load: (dataset) => loadDataset(db.seed, dataset),
    invoke,
    async invokeAt(check, at, options = {}) {
      vi.useFakeTimers({ toFake: ['Date'], now: at });
      try {
        return await invoke(check, options, { scheduledTime: at.toISOString() });
      } finally {
        vi.useRealTimers();
      }
    },
    async close() {
      await bridge.close();
      await sesProxy.close();
      await dynamoProxy.close();
      await ses.close();
      await dynamo.close();
      await db.close();
    },
  };
}

/**
 * A harness on a fresh SEI database of the given engine (servers from the
 * global setup), with the index the README recommends when `indexed`.
 */
export async function startHarnessOn(kind: EngineKind, options: { readonly indexed?: boolean } = {}): Promise<NotifierHarness> {
  const serverUrl = kind === 'postgres' ? inject('postgresUrl') : kind === 'mysql' ? inject('mysqlUrl') : undefined;
  const db = await openSeiDatabase(kind, serverUrl);
  if (options.indexed) await db.seed.run(createNotifierIndexStatement(db.dbEngine));
  return startNotifierHarness(db);
}
