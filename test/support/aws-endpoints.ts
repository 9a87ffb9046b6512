/**
 * Endpoints that fail the way a network, a proxy or AWS itself does, for
 * the real SDK clients (pointed at them through AWS_ENDPOINT_URL_*): no
 * mocks of the SDK, only the other end of the wire.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A local endpoint for AWS_ENDPOINT_URL_*. */
export interface Endpoint {
  readonly url: string;
  close(): Promise<void>;
}

/** A host that no DNS resolves (RFC 6761 reserves `.invalid`). */
export const UNRESOLVABLE = (service: string) => `https://${service}.sei-pi-teste.invalid`;

async function listening(server: Server | ReturnType<typeof createTcpServer>, scheme: string, sockets: Set<Socket>): Promise<Endpoint> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts connections and never answers: a request timeout. */
export function startSilentServer(): Promise<Endpoint> {
  return listening(
    createTcpServer(() => {}),
    'http',
    new Set()
  );
}

/** Closes every connection as soon as it opens: a connection reset, as a firewall or proxy does. */
export function startResettingServer(): Promise<Endpoint> {
  return listening(
    createTcpServer((socket) => socket.resetAndDestroy()),
    'http',
    new Set()
  );
}

/** Whether `openssl` can make the certificate of {@link startInterceptingServer}. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** HTTPS with a self-signed certificate: what a proxy that intercepts TLS presents. */
export function startInterceptingServer(): Promise<Endpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' }
    );
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) =>
      res.end('{}')
    );
    return listening(server, 'https', new Set());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An SES (v1, Query protocol) answer: a result element, or an error with its code. */
export type SesAnswer = { readonly result: string } | { readonly status: number; readonly code: string; readonly message: string };

/**
 * An SES v1 endpoint answering each action (`GetSendQuota`, `SendRawEmail`…)
 * as configured; `calls` lists the actions received, `regions` the region
 * each request was signed for.
 */
export async function startFakeSes(
  answers: Readonly<Record<string, SesAnswer>>
): Promise<Endpoint & { readonly calls: string[]; readonly regions: string[] }> {
  const calls: string[] = [];
  const regions: string[] = [];
  const server = createHttpServer((req, res) => {
    regions.push(/Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '');
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      calls.push(action);
      const answer = answers[action] ?? { status: 400, code: 'InvalidAction', message: `Unknown action ${action}` };
      res.setHeader('Content-Type', 'text/xml');
      if ('result' in answer) {
        res.end(
          `<${action}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><${action}Result>${answer.result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`
        );
      } else {
        res.statusCode = answer.status;
        res.end(
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${answer.code}</Code><Message>${answer.message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`
        );
      }
    });
  });
  const endpoint = await listening(server, 'http', new Set());
  return { ...endpoint, calls, regions };
}

/** A quota answer: SES reachable, credentials accepted. */
export const SEND_QUOTA: SesAnswer = {
  result: '<Max24HourSend>50000.0</Max24HourSend><MaxSendRate>14.0</MaxSendRate><SentLast24Hours>0.0</SentLast24Hours>',
};

/** An environment with no AWS credentials, profile or region anywhere (its HOME is `home`). */
export function noAwsEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    USERPROFILE: home,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    HTTPS_PROXY: '',
    https_proxy: '',
    HTTP_PROXY: '',
    http_proxy: '',
    ALL_PROXY: '',
    all_proxy: '',
  };
}
