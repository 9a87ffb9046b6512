/**
 * HTTP server speaking the RDS Data API ExecuteStatement operation the way
 * `@aws-sdk/client-rds-data` calls it (restJson1: `POST /Execute`), backed by
 * a SqlExecutor. Point the SDK at it with `endpoint: bridge.url` or
 * `AWS_ENDPOINT_URL_RDS_DATA`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, DataApiError, databaseResuming, responseTooLarge, rowTooLarge, transactionNotFound } from './errors';
import { type FaultInjector, FaultQueue } from './faults';
import type { SqlExecutor } from './types';
import { decodeExecuteStatement, encodeExecuteStatementResponse, rowBytes } from './wire';

export interface DataApiBridgeOptions {
  readonly executor: SqlExecutor;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Response size limit; default 1 MiB (1048576), as the real service. */
  readonly maxResponseBytes?: number;
  /** Per-row size limit; default 64 KB (65536), as the real service. */
  readonly maxRowBytes?: number;
}

export interface DataApiBridgeStats {
  /** /Execute requests received, including faulted and rejected ones. */
  readonly calls: number;
  /** Response body bytes sent (all requests). */
  readonly bytesSent: number;
  reset(): void;
}

export interface DataApiBridge {
  /** Endpoint for the SDK, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly faults: FaultInjector;
  readonly stats: DataApiBridgeStats;
  /** Stops the HTTP server. The executor is not closed (it belongs to the caller). */
  close(): Promise<void>;
}

/** Other Data API operations: recognised, answered as unsupported. */
const OTHER_OPERATIONS = new Set(['/BatchExecute', '/BeginTransaction', '/CommitTransaction', '/RollbackTransaction', '/ExecuteSql']);
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startDataApiBridge(options: DataApiBridgeOptions): Promise<DataApiBridge> {
  const { executor } = options;
  const host = options.host ?? '127.0.0.1';
  const maxResponseBytes = options.maxResponseBytes ?? 1_048_576;
  const maxRowBytes = options.maxRowBytes ?? 65_536;
  const faults = new FaultQueue();
  let calls = 0;
  let bytesSent = 0;

  function send(res: ServerResponse, status: number, body: string, errorType?: string): void {
    const bytes = Buffer.from(body, 'utf8');
    bytesSent += bytes.byteLength;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': bytes.byteLength,
      'x-amzn-requestid': randomUUID(),
    };
    if (errorType) headers['x-amzn-errortype'] = errorType;
    res.writeHead(status, headers);
    res.end(bytes);
  }

  function sendError(res: ServerResponse, error: DataApiError): void {
    send(res, error.status, JSON.stringify({ message: error.message }), error.errorType);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
      });
      req.on('end', () => {
        if (size > MAX_REQUEST_BYTES) reject(badRequest('Request is larger than 4 MiB.'));
        else resolve(Buffer.concat(chunks).toString('utf8'));
      });
      req.on('error', reject);
    });
  }

  function arnOf(body: string): string | undefined {
    try {
      const parsed = JSON.parse(body) as { resourceArn?: unknown };
      return typeof parsed.resourceArn === 'string' ? parsed.resourceArn : undefined;
    } catch {
      return undefined;
    }
  }

  async function handleExecute(req: IncomingMessage, res: ServerResponse): Promise<void> {
    calls++;
    const body = await readBody(req);

    const fault = faults.take();
    if (fault) {
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.error) {
        const { name, status, message } = fault.error;
        sendError(res, new DataApiError(name, status, message ?? `Injected ${name}`));
        return;
      }
    }
    if (faults.isResuming()) {
      sendError(res, databaseResuming(arnOf(body)));
      return;
    }

    const request = decodeExecuteStatement(body);
    if (request.transactionId) throw transactionNotFound(request.transactionId);

    const result = await executor.execute(request.sql, request.parameters);
    for (const row of result.rows) {
      const size = rowBytes(row);
      if (size > maxRowBytes) throw rowTooLarge(size, maxRowBytes);
    }
    const response = encodeExecuteStatementResponse(request, result);
    if (Buffer.byteLength(response, 'utf8') > maxResponseBytes) throw responseTooLarge();
    send(res, 200, response);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handle = async () => {
      if (req.method === 'POST' && path === '/Execute') return handleExecute(req, res);
      req.resume();
      if (req.method === 'POST' && OTHER_OPERATIONS.has(path)) {
        throw badRequest(`Operation ${path.slice(1)} is not supported by the local Data API bridge.`);
      }
      send(res, 404, JSON.stringify({ message: `No operation at ${req.method} ${path}` }), 'UnknownOperationException');
    };
    handle().catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof DataApiError) {
        sendError(res, err);
      } else {
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`[data-api-bridge] internal error: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
        send(res, 500, JSON.stringify({ message }), 'InternalServerErrorException');
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    faults,
    stats: {
      get calls() {
        return calls;
      },
      get bytesSent() {
        return bytesSent;
      },
      reset() {
        calls = 0;
        bytesSent = 0;
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
