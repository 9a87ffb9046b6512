import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy sees it, for choosing which ones to break. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A canned failure answered instead of forwarding. */
export interface ProxyFault {
  /** Which requests it applies to (default: all). */
  readonly match?: (request: ProxiedRequest) => boolean;
  /** Let this many matching requests through first (default 0). */
  readonly after?: number;
  /** How many matching requests it breaks (default 1). */
  readonly times?: number;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An HTTP proxy in front of a local AWS endpoint (SES, DynamoDB) that can answer with AWS errors. */
export interface FaultProxy {
  readonly url: string;
  inject(fault: ProxyFault): void;
  clear(): void;
  /** Requests received, forwarded or broken. */
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

/** Starts a fault-injecting proxy on a free loopback port, forwarding to `target`. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let faults: { fault: ProxyFault; seen: number; broken: number }[] = [];
  const requests: ProxiedRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: body.toString('utf8') };
      requests.push(seen);
      for (const entry of faults) {
        if (entry.fault.match && !entry.fault.match(seen)) continue;
        entry.seen++;
        if (entry.seen <= (entry.fault.after ?? 0) || entry.broken >= (entry.fault.times ?? 1)) continue;
        entry.broken++;
        res.writeHead(entry.fault.status, entry.fault.headers ?? {});
        res.end(entry.fault.body);
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject: (fault) => faults.push({ fault, seen: 0, broken: 0 }),
    clear: () => {
      faults = [];
      requests.length = 0;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An SES (query protocol) error response. */
export function sesError(code: string, message: string, status = 400): ProxyFault {
  return {
    match: (r) => /Action=Send(Raw)?Email/.test(r.body),
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  };
}

/** A DynamoDB (JSON 1.0) error response for one operation, e.g. `PutItem`. */
export function dynamoError(operation: string, type: string, message: string, status = 400): ProxyFault {
  return {
    match: (r) => r.headers['x-amz-target'] === `DynamoDB_20120810.${operation}`,
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
  };
}
