/**
 * Fault injection, protocol edge cases and failure modes of the bridge, seen
 * through the real RDSDataClient (one PGlite for the whole file).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  BadRequestException,
  DatabaseResumingException,
  DatabaseUnavailableException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  type RDSDataClient,
  TransactionNotFoundException,
} from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgliteExecutor, createPostgresExecutor, type DataApiBridge, startDataApiBridge } from '../../local/bridge';
import { findFreePort } from '../../local/harness/servers';
import { CLUSTER_ARN, dataApiClient, execute, rejection, SECRET_ARN } from './client';

let db: PGlite;
let bridge: DataApiBridge;
let client: RDSDataClient;

beforeAll(async () => {
  db = await PGlite.create();
  bridge = await startDataApiBridge({ executor: createPgliteExecutor(db) });
  client = dataApiClient(bridge.url);
});

afterAll(async () => {
  client?.destroy();
  await bridge?.close();
  await db?.close();
});

afterEach(() => {
  bridge.faults.clear();
  bridge.stats.reset();
});

async function post(path: string, body: string): Promise<{ status: number; type: string | null; json: unknown }> {
  const res = await fetch(bridge.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), json: await res.json() };
}

describe('fault injection', () => {
  it('raises DatabaseResumingException (400) and the SDK does not retry it', async () => {
    bridge.faults.inject({
      error: {
        name: 'DatabaseResumingException',
        status: 400,
        message: 'The Aurora DB instance x is resuming after being auto-paused. Please wait a few seconds and try again.',
      },
    });
    const err = await rejection(execute(client, 'select 1'));
    expect(err).toBeInstanceOf(DatabaseResumingException);
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.$metadata?.attempts).toBe(1);
    expect(bridge.stats.calls).toBe(1);
    // The queue is consumed: the next call works.
    expect((await execute(client, 'select 1')).records).toEqual([[{ longValue: 1 }]]);
  });

  it('resumingFor(ms) answers DatabaseResumingException with the service message during the window', async () => {
    bridge.faults.resumingFor(300);
    const err = await rejection(execute(client, 'select 1'));
    expect(err).toBeInstanceOf(DatabaseResumingException);
    expect(err.message).toBe(
      `The Aurora DB instance ${CLUSTER_ARN} is resuming after being auto-paused. Please wait a few seconds and try again.`
    );
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await execute(client, 'select 2')).records).toEqual([[{ longValue: 2 }]]);
    expect(bridge.stats.calls).toBe(2);
  });

  it('a 5xx fault (DatabaseUnavailableException 504) is retried by the SDK until it succeeds', async () => {
    bridge.faults.inject({ error: { name: 'DatabaseUnavailableException', status: 504 }, times: 2 });
    expect(bridge.faults.pending).toBe(2);
    const out = await execute(client, 'select 3');
    expect(out.records).toEqual([[{ longValue: 3 }]]);
    expect(out.$metadata.attempts).toBe(3);
    expect(bridge.stats.calls).toBe(3);
    expect(bridge.faults.pending).toBe(0);
  });

  it('a 5xx fault that outlasts the SDK attempts surfaces as its class', async () => {
    bridge.faults.inject({ error: { name: 'InternalServerErrorException', status: 500 }, times: 5 });
    const err = await rejection(execute(client, 'select 1'));
    expect(err).toBeInstanceOf(InternalServerErrorException);
    expect(err.$metadata?.attempts).toBe(3);
    expect(bridge.faults.pending).toBe(2);
  });

  it('delays a request, then executes it normally', async () => {
    bridge.faults.inject({ delayMs: 250 });
    const started = Date.now();
    const out = await execute(client, 'select 4');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(out.records).toEqual([[{ longValue: 4 }]]);
  });

  it('consumes queued faults in order, one per request', async () => {
    bridge.faults.inject({ error: { name: 'BadRequestException', status: 400, message: 'first' } });
    bridge.faults.inject({ error: { name: 'DatabaseResumingException', status: 400, message: 'second' } });
    const first = await rejection(execute(client, 'select 1'));
    const second = await rejection(execute(client, 'select 1'));
    expect([first.name, first.message]).toEqual(['BadRequestException', 'first']);
    expect([second.name, second.message]).toEqual(['DatabaseResumingException', 'second']);
    bridge.faults.inject({ error: { name: 'BadRequestException', status: 400 }, times: 3 });
    bridge.faults.clear();
    expect(bridge.faults.pending).toBe(0);
    await execute(client, 'select 1');
  });

  it('counts calls and response bytes', async () => {
    await execute(client, 'select 1');
    await rejection(execute(client, 'select nope'));
    expect(bridge.stats.calls).toBe(2);
    const res = await fetch(bridge.url + '/Execute', { method: 'POST', body: JSON.stringify({ sql: 'select 1' }) });
    const text = await res.text();
    expect(bridge.stats.calls).toBe(3);
    expect(bridge.stats.bytesSent).toBeGreaterThan(Buffer.byteLength(text));
    bridge.stats.reset();
    expect([bridge.stats.calls, bridge.stats.bytesSent]).toEqual([0, 0]);
  });
});

describe('protocol', () => {
  it('answers bad JSON and a missing sql with BadRequestException', async () => {
    expect(await post('/Execute', '{not json')).toEqual({
      status: 400,
      type: 'BadRequestException',
      json: { message: 'Request body is not valid JSON.' },
    });
    expect((await post('/Execute', JSON.stringify({ resourceArn: CLUSTER_ARN }))).type).toBe('BadRequestException');
    const err = await rejection(
      client.send(new ExecuteStatementCommand({ resourceArn: CLUSTER_ARN, secretArn: SECRET_ARN, sql: undefined as unknown as string }))
    );
    expect(err).toBeInstanceOf(BadRequestException);
  });

  it('answers an unknown transactionId with TransactionNotFoundException (404)', async () => {
    const err = await rejection(execute(client, 'select 1', {}, { transactionId: 'tx-123' }));
    expect(err).toBeInstanceOf(TransactionNotFoundException);
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('honours resultSetOptions (longReturnType STRING, decimalReturnType DOUBLE_OR_LONG)', async () => {
    const out = await execute(
      client,
      'select 5000000000::int8 as l, 12.50::numeric as d, 7::numeric as w',
      {},
      {
        resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'DOUBLE_OR_LONG' },
      }
    );
    expect(out.records).toEqual([[{ stringValue: '5000000000' }, { doubleValue: 12.5 }, { stringValue: '7' }]]);
  });

  it('keeps integers beyond 2^53 exact on the way in', async () => {
    const res = await post('/Execute', `{"sql":"select :v::text as t","parameters":[{"name":"v","value":{"longValue":9007199254740993}}]}`);
    expect(res.json).toMatchObject({ records: [[{ stringValue: '9007199254740993' }]] });
  });

  it('is reachable through AWS_ENDPOINT_URL_RDS_DATA', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_RDS_DATA;
    process.env.AWS_ENDPOINT_URL_RDS_DATA = bridge.url;
    try {
      const { RDSDataClient } = await import('@aws-sdk/client-rds-data');
      const envClient = new RDSDataClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      const out = await execute(envClient, 'select 6');
      envClient.destroy();
      expect(out.records).toEqual([[{ longValue: 6 }]]);
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_RDS_DATA;
      else process.env.AWS_ENDPOINT_URL_RDS_DATA = previous;
    }
  });

  it('honours maxResponseBytes / maxRowBytes options', async () => {
    const small = await startDataApiBridge({ executor: createPgliteExecutor(db), maxResponseBytes: 2000, maxRowBytes: 100 });
    const smallClient = dataApiClient(small.url);
    try {
      expect((await rejection(execute(smallClient, `select repeat('a', 200)`))).message).toMatch(/^Packet for query is too large/);
      expect((await rejection(execute(smallClient, `select repeat('a', 50) from generate_series(1, 60)`))).message).toBe(
        'Database returned more than the allowed response size limit'
      );
      expect((await execute(smallClient, `select repeat('a', 50)`)).records).toHaveLength(1);
    } finally {
      smallClient.destroy();
      await small.close();
    }
  });
});

describe('database down', () => {
  it('answers DatabaseUnavailableException (504), which the SDK retries', async () => {
    const port = await findFreePort(); // nothing listens there
    const executor = createPostgresExecutor(`postgres://postgres@127.0.0.1:${port}/sei`);
    const down = await startDataApiBridge({ executor });
    const downClient = dataApiClient(down.url, { maxAttempts: 2 });
    try {
      const err = await rejection(execute(downClient, 'select 1'));
      expect(err).toBeInstanceOf(DatabaseUnavailableException);
      expect(err.$metadata?.httpStatusCode).toBe(504);
      expect(down.stats.calls).toBe(2);
    } finally {
      downClient.destroy();
      await down.close();
      await executor.close();
    }
  });
});

describe('command line', () => {
  it('starts on a database URL and prints the endpoint in Portuguese', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/bridge/cli.ts', '--database-url', inject('postgresUrl')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${output}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          output += d.toString();
          const m = /Ponte da RDS Data API no ar: (http:\/\/\S+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('exit', (code) => reject(new Error(`CLI exited with ${code}:\n${output}`)));
      });
      expect(output).toContain('AWS_ENDPOINT_URL_RDS_DATA=');
      const cliClient = dataApiClient(url);
      const out = await execute(cliClient, 'select current_database() as db');
      cliClient.destroy();
      expect(out.records).toEqual([[{ stringValue: 'sei' }]]);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});
