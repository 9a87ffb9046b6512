import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it } from 'vitest';
import { explainAwsFailure } from '../../local/demo/aws-errors';
import { scrubError } from '../../shared/notifier/scrub-error';
import {
  type Endpoint,
  hasOpenssl,
  startFakeSes,
  startInterceptingServer,
  startResettingServer,
  startSilentServer,
  UNRESOLVABLE,
} from '../support/aws-endpoints';

/** What a real SDK client throws against `endpoint` (null if the call succeeds). */
async function failureOf(client: RDSDataClient | SESClient): Promise<unknown> {
  try {
    if (client instanceof RDSDataClient) {
      await client.send(
        new ExecuteStatementCommand({
          resourceArn: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei',
          secretArn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-AbCdEf',
          sql: 'SELECT 1',
        })
      );
    } else {
      await client.send(new GetSendQuotaCommand({}));
    }
    return null;
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
}

const credentials = { accessKeyId: 'operador', secretAccessKey: 'operador' };
const rdsData = (endpoint: string, requestTimeout?: number) =>
  new RDSDataClient({
    region: 'sa-east-1',
    endpoint,
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout, throwOnRequestTimeout: true },
  });
const ses = (endpoint: string) => new SESClient({ region: 'sa-east-1', endpoint, credentials, maxAttempts: 1 });
const NO_PROXY_ENV = {};

describe('explainAwsFailure: what the real SDK throws, told to the operator', () => {
  const endpoints: Endpoint[] = [];
  afterEach(async () => {
    for (const endpoint of endpoints.splice(0)) await endpoint.close();
  });
  const started = async <T extends Endpoint>(endpoint: Promise<T>) => {
    const e = await endpoint;
    endpoints.push(e);
    return e;
  };

  it('a host no DNS resolves: names the service, the host and the DNS, and the proxy when one is set', async () => {
    const error = await failureOf(rdsData(UNRESOLVABLE('rds-data')));
    const explained = explainAwsFailure(error, 'RDS Data API', NO_PROXY_ENV);
    expect(explained?.message).toMatch(
      /^Sem acesso ao serviço RDS Data API \(rds-data\.sei-pi-teste\.invalid\): o endereço não foi encontrado no DNS \((ENOTFOUND|EAI_AGAIN)\)\./
    );
    expect(explained?.message).toContain('Se a rede do órgão só sai para a internet por um proxy');
    expect(explainAwsFailure(error, 'RDS Data API', { HTTPS_PROXY: 'http://proxy.orgao.gov.br:3128' })?.message).toContain(
      'Há um proxy configurado (HTTPS_PROXY), mas o SDK da AWS não passa por ele'
    );
    // The proxy's address (it may hold a password) is never repeated.
    expect(explainAwsFailure(error, 'RDS Data API', { HTTPS_PROXY: 'http://u:segredo@proxy:3128' })?.message).not.toContain('segredo');
  });

  it('an SES host: the service comes from the host name', async () => {
    const error = await failureOf(ses('https://email.sa-east-1.sei-pi-teste.invalid'));
    expect(explainAwsFailure(error, 'AWS', NO_PROXY_ENV)?.message).toMatch(/^Sem acesso ao serviço Amazon SES \(email\.sa-east-1\./);
  });

  it('a server that never answers: a timeout', async () => {
    const silent = await started(startSilentServer());
    const error = await failureOf(rdsData(silent.url, 300));
    expect(explainAwsFailure(error, 'RDS Data API', NO_PROXY_ENV)?.message).toMatch(
      /^O serviço RDS Data API não respondeu a tempo \((TimeoutError|ETIMEDOUT)\): a rede pode estar bloqueando o acesso direto à AWS/
    );
  });

  it('a connection reset (a firewall or a proxy closing it)', async () => {
    const resetting = await started(startResettingServer());
    const error = await failureOf(ses(resetting.url));
    expect(explainAwsFailure(error, 'Amazon SES', NO_PROXY_ENV)?.message).toMatch(
      /^A conexão com o serviço Amazon SES \(127\.0\.0\.1:\d+\) foi recusada ou interrompida \((ECONNRESET|EPIPE)\)/
    );
  });

  it.skipIf(!hasOpenssl())('a certificate no authority signed (a proxy that intercepts HTTPS): NODE_EXTRA_CA_CERTS', async () => {
    const intercepting = await started(startInterceptingServer());
    const error = await failureOf(rdsData(intercepting.url));
    const message = explainAwsFailure(error, 'RDS Data API', NO_PROXY_ENV)?.message;
    expect(message).toMatch(
      /^A conexão com o serviço RDS Data API apresentou um certificado que não é de uma autoridade reconhecida \(\w+\)/
    );
    expect(message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('credentials AWS refuses (SES Query protocol) and a mail SES refuses', async () => {
    const fake = await started(
      startFakeSes({
        GetSendQuota: { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
      })
    );
    expect(explainAwsFailure(await failureOf(ses(fake.url)), 'Amazon SES', NO_PROXY_ENV)?.message).toMatch(
      /^A AWS recusou as suas credenciais ao chamar o serviço Amazon SES \(InvalidClientTokenId\)\. Renove-as/
    );
    const rejecting = await started(
      startFakeSes({ GetSendQuota: { status: 400, code: 'MessageRejected', message: 'Email address is not verified.' } })
    );
    expect(explainAwsFailure(await failureOf(ses(rejecting.url)), 'Amazon SES', NO_PROXY_ENV)?.message).toMatch(
      /^O Amazon SES recusou o e-mail \(MessageRejected\): o remetente \(--from\) precisa ser uma identidade verificada/
    );
  });

  it('still tells them apart in the clean copy a failed handler throws (name and message only)', async () => {
    const dns = scrubError(await failureOf(rdsData(UNRESOLVABLE('rds-data'))));
    expect(explainAwsFailure(dns, 'RDS Data API', NO_PROXY_ENV)?.message).toMatch(/não foi encontrado no DNS/);
    const silent = await started(startSilentServer());
    const timeout = scrubError(await failureOf(rdsData(silent.url, 300)));
    expect(explainAwsFailure(timeout, 'RDS Data API', NO_PROXY_ENV)?.message).toMatch(/não respondeu a tempo/);
  });

  it('leaves other failures to the caller', () => {
    expect(explainAwsFailure(new Error('syntax error at or near "SELEC"'), 'RDS Data API', NO_PROXY_ENV)).toBeUndefined();
    expect(explainAwsFailure(Object.assign(new Error('x'), { name: 'BadRequestException' }), 'RDS Data API', NO_PROXY_ENV)).toBeUndefined();
  });
});
