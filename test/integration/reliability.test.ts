import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoError, sesError } from '../../local/harness/fault-proxy';
import { fakeLambdaContext } from '../../local/harness/lambda-context';
import { localAwsEnv } from '../../local/harness/local-aws-env';
import { buildScenario, type ScenarioName } from '../../local/sei/scenarios';
import { ERRORS, type StoryBuilder } from '../../local/sei/story-builder';
import { createMailEventsHandler } from '../../shared/mail-events/mail-events-handler';
import type { RunSummary } from '../../shared/notifier/run-summary';
import type { EngineKind } from './support/engines';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';
import { type MatrixRow, ReliabilityReport } from './support/reliability-report';

const SP = 'America/Sao_Paulo';
const report = new ReliabilityReport();
afterAll(() => report.write());

type Outcome = { summary?: RunSummary; error?: Error };
async function attempt(run: Promise<RunSummary>): Promise<Outcome> {
  try {
    return { summary: await run };
  } catch (error) {
    return { error: error as Error };
  }
}
const describeOutcome = (o: Outcome, mails: number) =>
  o.error ? `falhou: ${o.error.name}: ${o.error.message.slice(0, 160)}; e-mails: ${mails}` : `${o.summary?.decision}; e-mails: ${mails}`;

/** Records a row, then asserts it held (so a row marked "sim" is a passing test). */
function check(row: Omit<MatrixRow, 'held' | 'mailsLost' | 'duplicates'> & { held: boolean; lost?: number; duplicates?: number }) {
  report.add({ ...row, mailsLost: row.lost ?? 0, duplicates: row.duplicates ?? 0 });
  expect(row.held, `${row.case}: ${row.observed}`).toBe(true);
}

describe('faults, on PostgreSQL as a SELECT-only user', () => {
  let h: NotifierHarness;
  const at = (iso: string) => ({ scheduledTime: iso });

  beforeAll(async () => {
    h = await startHarnessOn('postgres');
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.reset();
    await h.load(buildScenario('partial-failure', new Date(), SP));
  });

  it('database resuming for ~20 s: waited for, mailed once', async () => {
    h.bridge.faults.resumingFor(20_000);
    const started = Date.now();
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const mails = h.ses.emails().length;
    check({
      area: 'banco',
      case: 'Aurora retomando após pausa (~20 s de DatabaseResumingException)',
      expected: 'espera com backoff e envia 1 e-mail',
      observed: `${describeOutcome(o, mails)}; ${o.summary?.dataApiCalls} chamadas em ${Math.round((Date.now() - started) / 1000)} s`,
      held: o.summary?.decision === 'sent' && mails === 1,
      lost: mails === 0 ? 1 : 0,
    });
  }, 90_000);

  it('database resuming longer than the run can wait: fails loudly', async () => {
    h.bridge.faults.resumingFor(60_000);
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z'), 12_000));
    check({
      area: 'banco',
      case: 'Aurora retomando além do tempo da execução (prazo de 12 s)',
      expected: 'falha clara antes do timeout da Lambda, nenhum e-mail',
      observed: describeOutcome(o, h.ses.emails().length),
      held: o.error?.name === 'DatabaseUnavailableError' && h.ses.emails().length === 0,
    });
  }, 60_000);

  it('database unavailable (5xx) twice: the SDK retries, mailed once', async () => {
    h.bridge.faults.inject({ error: { name: 'DatabaseUnavailableException', status: 504 }, times: 2 });
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    check({
      area: 'banco',
      case: 'DatabaseUnavailableException (504) em 2 chamadas',
      expected: 'novas tentativas do SDK; 1 e-mail',
      observed: describeOutcome(o, h.ses.emails().length),
      held: o.summary?.decision === 'sent' && h.ses.emails().length === 1,
      lost: h.ses.emails().length === 0 ? 1 : 0,
    });
  });

  it.each([
    [
      'DatabaseUnavailableException (504) persistente',
      { name: 'DatabaseUnavailableException', status: 504 },
      'DatabaseUnavailableException',
    ],
    [
      'StatementTimeoutException',
      { name: 'StatementTimeoutException', status: 400, message: 'Statement timed out' },
      'StatementTimeoutException',
    ],
    [
      'resposta acima de 1 MiB',
      { name: 'DatabaseErrorException', status: 400, message: 'Database returned more than the allowed response size limit' },
      'DatabaseErrorException',
    ],
  ])('%s: fails loudly, nothing sent, the next run mails', async (label, error, name) => {
    h.bridge.faults.inject({ error, times: 10 });
    const failed = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    h.bridge.faults.clear();
    const retried = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const mails = h.ses.emails().length;
    check({
      area: 'banco',
      case: label,
      expected: 'execução falha com o erro (alarme, nova tentativa); a nova tentativa envia 1 e-mail',
      observed: `${describeOutcome(failed, 0)} → nova tentativa: ${describeOutcome(retried, mails)}`,
      held: failed.error?.name === name && retried.summary?.decision === 'sent' && mails === 1,
      lost: mails === 0 ? 1 : 0,
      duplicates: Math.max(0, mails - 1),
    });
  });

  it('connection refused: fails loudly', async () => {
    const o = await attempt(h.invoke('failed-processes', { dataApiUrl: 'http://127.0.0.1:9' }, at('2026-11-29T20:00:00Z')));
    check({
      area: 'banco',
      case: 'conexão recusada no endpoint do Data API',
      expected: 'falha clara, nenhum e-mail',
      observed: describeOutcome(o, h.ses.emails().length),
      held:
        o.error !== undefined &&
        /ECONNREFUSED/.test(`${o.error.message} ${String(o.error.cause ?? '')} ${o.error.name}`) &&
        h.ses.emails().length === 0,
    });
  });

  it('a query slower than the time left: stopped early, failed with the reason', async () => {
    h.bridge.faults.inject({ delayMs: 15_000 });
    const started = Date.now();
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z'), 10_000));
    const seconds = (Date.now() - started) / 1000;
    check({
      area: 'banco',
      case: 'consulta lenta (15 s) com 10 s restantes na execução',
      expected: 'interrompida antes do fim da execução, erro dizendo por quê',
      observed: `${describeOutcome(o, h.ses.emails().length)} após ${seconds.toFixed(1)} s`,
      held: o.error?.name === 'DatabaseUnavailableError' && /não terminou em \d+ s/.test(o.error.message) && seconds < 10,
    });
  }, 30_000);

  it('SES throttling: retried, mailed once', async () => {
    h.sesProxy.inject({ ...sesError('Throttling', 'Maximum sending rate exceeded.'), times: 2 });
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    check({
      area: 'SES',
      case: 'Throttling (Maximum sending rate exceeded) 2 vezes',
      expected: 'novas tentativas do SDK; 1 e-mail',
      observed: describeOutcome(o, h.ses.emails().length),
      held: o.summary?.decision === 'sent' && h.ses.emails().length === 1,
      lost: h.ses.emails().length === 0 ? 1 : 0,
    });
  });

  it('SES MessageRejected: fails loudly, not recorded as sent, the next run mails', async () => {
    h.sesProxy.inject(
      sesError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-EAST-1: sei-pi@orgao.gov.br'
      )
    );
    const failed = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const next = await attempt(h.invoke('failed-processes', {}, at('2026-11-30T20:00:00Z')));
    const mails = h.ses.emails().length;
    check({
      area: 'SES',
      case: 'MessageRejected (identidade não verificada)',
      expected: 'execução falha (endereço mascarado no erro e no log); não registrada como enviada; a próxima execução envia',
      observed: `${describeOutcome(failed, 0)} → próxima: ${describeOutcome(next, mails)}`,
      held:
        failed.error?.name === 'MessageRejected' &&
        !`${failed.error.message} ${JSON.stringify(h.logs)}`.includes('sei-pi@') &&
        next.summary?.decision === 'sent' &&
        mails === 1,
      lost: mails === 0 ? 1 : 0,
    });
  });

  it('one of three recipient batches failing: the retry sends only what is missing', async () => {
    await h.load(
      buildScenario('partial-failure', new Date(), SP, (b) => {
        b.adminEmails = Array.from({ length: 120 }, (_, i) => `admin${i}@orgao.gov.br`).join(';');
      })
    );
    h.sesProxy.inject({ ...sesError('MessageRejected', 'Recipient address rejected'), after: 1 });
    const failed = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const retried = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const messages = h.ses.emails().length;
    check({
      area: 'SES',
      case: '2º de 3 lotes de destinatários recusado',
      expected: 'execução falha; a nova tentativa envia só os lotes que faltam (3 mensagens no total)',
      observed: `${describeOutcome(failed, 1)} → nova tentativa: ${describeOutcome(retried, messages)}, ${retried.summary?.messageIds.length} ids`,
      held:
        failed.error?.name === 'MessageRejected' &&
        retried.summary?.decision === 'sent' &&
        messages === 3 &&
        retried.summary.messageIds.length === 3,
      duplicates: Math.max(0, messages - 3),
      lost: Math.max(0, 3 - messages),
    });
  });

  it('the same scheduled run delivered twice: one mail', async () => {
    const first = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const second = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    check({
      area: 'duplicidade',
      case: 'mesmo agendamento entregue 2 vezes',
      expected: '1 e-mail; a 2ª entrega devolve o mesmo resultado',
      observed: `${describeOutcome(first, 1)} / ${describeOutcome(second, h.ses.emails().length)}`,
      held: h.ses.emails().length === 1 && JSON.stringify(first.summary) === JSON.stringify(second.summary),
      duplicates: Math.max(0, h.ses.emails().length - 1),
    });
  });

  it.each([
    [
      'gravação do resultado idempotente (UpdateItem) falha após o envio',
      dynamoError('UpdateItem', 'ResourceNotFoundException', 'Requested resource not found'),
    ],
    [
      'gravação do estado da notificação falha após o envio',
      {
        ...dynamoError('PutItem', 'ResourceNotFoundException', 'Requested resource not found'),
        match: (r: { headers: Record<string, unknown>; body: string }) =>
          r.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem' && r.body.includes('notice#'),
      },
    ],
  ])('a run retried after %s: no second mail', async (label, fault) => {
    h.dynamoProxy.inject(fault);
    const failed = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const retried = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const mails = h.ses.emails().length;
    check({
      area: 'duplicidade',
      case: label,
      expected: 'execução falha; a nova tentativa não envia de novo',
      observed: `${describeOutcome(failed, 1)} → nova tentativa: ${describeOutcome(retried, mails)}`,
      held: failed.error !== undefined && retried.summary !== undefined && mails === 1,
      duplicates: Math.max(0, mails - 1),
      lost: mails === 0 ? 1 : 0,
    });
  });

  it('a failed run throws an error whose every own property is free of addresses', async () => {
    h.sesProxy.inject(
      sesError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-EAST-1: fulano.silva@orgao.gov.br'
      )
    );
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    // As the Lambda runtime writes its "Invoke Error" line: every own property, nested.
    const serialize = (v: unknown, depth = 0): unknown =>
      v instanceof Error || (typeof v === 'object' && v !== null && depth < 6)
        ? Object.fromEntries(Object.getOwnPropertyNames(v).map((k) => [k, serialize((v as Record<string, unknown>)[k], depth + 1)]))
        : v;
    const text = JSON.stringify(serialize(o.error));
    check({
      area: 'segurança',
      case: 'erro do SES que cita destinatários, serializado como o runtime da Lambda faz',
      expected: 'classe e mensagem mascarada; nenhuma outra propriedade, nenhum endereço',
      observed: `${o.error?.name}; propriedades: ${Object.getOwnPropertyNames(o.error ?? {}).join(', ')}; endereço visível: ${text.includes('fulano.silva')}`,
      held: o.error?.name === 'MessageRejected' && text.includes('***@orgao.gov.br') && !/fulano\.silva|\$metadata|"Error"/.test(text),
    });
  });

  it('a dry run with a scheduled time leaves nothing of its mail in the state table', async () => {
    const dry = await attempt(h.invoke('failed-processes', {}, { mode: 'dry-run', scheduledTime: '2026-11-29T20:00:00Z' }));
    const { Items = [] } = await h.dynamo.client.send(new ScanCommand({ TableName: h.stateTable }));
    const stored = JSON.stringify(Items);
    const real = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    check({
      area: 'segurança',
      case: 'simulação (dry-run) com scheduledTime',
      expected: 'devolve o e-mail; nada gravado no DynamoDB; a execução real do mesmo horário envia',
      observed: `${describeOutcome(dry, 0)}; itens gravados: ${Items.length}; execução real: ${describeOutcome(real, h.ses.emails().length)}`,
      held:
        dry.summary?.decision === 'would-send' &&
        Items.length === 0 &&
        !/@orgao|\d{5}\.\d{6}/.test(stored) &&
        real.summary?.decision === 'sent',
    });
  });

  it.each([
    ['scheduledTime de 1 MB', 'x'.repeat(1_000_000)],
    ['scheduledTime que não é um instante ISO-8601', 'amanhã às 17h'],
  ])('an event with a %s is refused before any work', async (label, scheduledTime) => {
    h.bridge.stats.reset();
    const o = await attempt(h.invoke('failed-processes', {}, { scheduledTime }));
    check({
      area: 'entrada',
      case: label,
      expected: 'recusado com "Evento inválido", sem consultar o banco nem enviar',
      observed: `${describeOutcome(o, h.ses.emails().length)}; chamadas ao Data API: ${h.bridge.stats.calls}`,
      held: /^Evento inválido/.test(o.error?.message ?? '') && h.bridge.stats.calls === 0 && h.ses.emails().length === 0,
    });
  });

  it('5,000 recipients in SEI_EMAIL_ADMINISTRADOR: cut at MAX_RECIPIENTS, said in the summary', async () => {
    await h.load(
      buildScenario('partial-failure', new Date(), SP, (b) => {
        b.adminEmails = Array.from({ length: 5000 }, (_, i) => `admin${i}@orgao.gov.br`).join(';');
      })
    );
    const o = await attempt(h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z')));
    const { Item } = await h.dynamo.client.send(
      new GetItemCommand({ TableName: h.stateTable, Key: { id: { S: 'delivery#failed-processes' } } })
    );
    const deliveryBytes = JSON.stringify(Item ?? {}).length;
    check({
      area: 'entrada',
      case: '5.000 destinatários em SEI_EMAIL_ADMINISTRADOR',
      expected:
        'lê até 32.000 caracteres (limite de 64 KB por linha do Data API), corta em 250 (MAX_RECIPIENTS), 5 mensagens, aviso no log e no resumo; registro de entrega pequeno',
      observed: `${describeOutcome(o, h.ses.emails().length)}; destinatários: ${o.summary?.recipients}, cortados: ${o.summary?.recipientsCut}; registro de entrega: ${deliveryBytes} bytes`,
      held:
        o.summary?.recipients === 250 &&
        (o.summary.recipientsCut ?? 0) > 1000 &&
        h.ses.emails().length === 5 &&
        h.logs.some((l) => l.message === 'Recipients cut') &&
        deliveryBytes < 40_000,
    });
  });

  it('logs carry decisions and counts, never error texts, process lists or addresses', async () => {
    await h.invoke('failed-processes', {}, at('2026-11-29T20:00:00Z'));
    const logs = JSON.stringify(h.logs);
    check({
      area: 'segurança',
      case: 'conteúdo dos logs de uma execução com falhas',
      expected: 'só decisão, motivo e contagens',
      observed: `${h.logs.length} linhas; números de processo: ${/\d{5}\.\d{6}\/\d{4}/.test(logs)}; textos de erro: ${/NF00|SF001/.test(logs)}; e-mails: ${/@orgao/.test(logs)}; ARN do segredo: ${/secret:/.test(logs)}`,
      held: !/\d{5}\.\d{6}\/\d{4}|NF00|SF001|@orgao|secret:/.test(logs) && logs.includes('"decision":"sent"'),
    });
  });
});

describe('bad configuration', () => {
  it.each([
    ['DB_ENGINE', undefined, 'DB_ENGINE'],
    ['DB_CLUSTER_ARN', 'arn:aws:rds:sa-east-1:123:cluster:x', 'DB_CLUSTER_ARN'],
    ['MAIL_FROM', 'não-é-email', 'MAIL_FROM'],
    ['MAX_SEND_ATTEMPTS', '-3', 'MAX_SEND_ATTEMPTS'],
    ['SEI_TIME_ZONE', 'Brasil/Brasilia', 'SEI_TIME_ZONE'],
  ])('%s=%s fails the cold start naming the variable', async (name, value, expected) => {
    const env = localAwsEnv({ dataApiUrl: 'http://127.0.0.1:9', sesUrl: 'http://127.0.0.1:9', engine: 'postgres' });
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    vi.stubEnv(name, value);
    vi.resetModules();
    let message = '';
    try {
      await import('../../functions/stalled-packages/handler');
    } catch (error) {
      message = `${(error as Error).name}: ${(error as Error).message}`;
    } finally {
      vi.unstubAllEnvs();
    }
    check({
      area: 'configuração',
      case: `${name}=${value === undefined ? '(ausente)' : value}`,
      expected: 'falha na partida com o nome da variável e o esperado',
      observed: message.slice(0, 200) || 'nenhum erro',
      held: message.startsWith('FunctionConfigError') && message.includes(`${expected}: `) && /esperado/.test(message),
    });
  });
});

/** Odd data on every engine: each check must decide, never crash, and escape what it shows. */
describe.each(['pglite', 'postgres', 'mysql'] as EngineKind[])('bad data on %s', (kind) => {
  let h: NotifierHarness;
  beforeAll(async () => {
    h = await startHarnessOn(kind);
  });
  afterAll(async () => h?.close());
  beforeEach(async () => h.reset());

  const odd = (tune: (b: StoryBuilder) => void, base: ScenarioName = 'healthy') => buildScenario(base, new Date(), SP, tune);

  it.each([
    [
      'sta_integracao com espaços, minúsculas e desconhecida',
      odd((b) => {
        // char(2): PostgreSQL pads 'I' to 'I '; old rows may be lower case or carry a leading space.
        b.cycle(
          0,
          [{ status: 'fi' }, { status: 'En' }, { status: 'XX' }, { status: ' I' }].map((a) => ({ ...a, error: ERRORS.timeout }))
        );
      }, 'empty-module'),
      (s: RunSummary) => s.figures.infrastructureFailures === 1 && s.figures.businessErrors === 1 && s.figures.integrated === 1,
    ],
    [
      'datas no futuro',
      odd((b) => {
        b.add({ status: 'FI', error: ERRORS.timeout, statusChangedAt: '2099-01-01 00:00:00', cycle: '2099-01-01 00:00:00' });
        b.lastRunEnd = '2099-01-01 00:30:00';
      }),
      (s: RunSummary) => s.decision === 'sent' && s.figures.lastCycle === '2099-01-01 00:00:00',
    ],
    [
      'num_tentativas_envio NULL e pacote sem linha em protocolo',
      odd((b) => {
        b.cycle(0, [{ status: 'EN', attempts: null, error: ERRORS.badSubject, orphan: true }]);
      }),
      (s: RunSummary) => s.decision === 'sent',
    ],
    [
      'arquivo_erro de 10 MB',
      odd((b) => {
        b.cycle(0, [
          {
            status: 'FI',
            rawError: `<ResultadoDocumento><Resultado>SF001 - enorme ${'x'.repeat(10 * 1024 * 1024)}</Resultado></ResultadoDocumento>`,
          },
        ]);
      }),
      (s: RunSummary) => s.decision === 'sent',
    ],
    [
      'texto latin1 lido como UTF-8 e caracteres de controle',
      odd((b) => {
        b.cycle(0, [{ status: 'EN', rawError: '<Resultado>NF0007 - ResponsÃ¡vel nÃ£o informado\u0001\u0007</Resultado>' }]);
      }),
      (s: RunSummary) => s.decision === 'sent',
    ],
  ])('%s', async (label, dataset, decided) => {
    await h.load(dataset);
    const o = await attempt(h.invoke('failed-processes'));
    const stalled = await attempt(h.invoke('stalled-packages'));
    const html = h.ses
      .emails()
      .map((m) => m.body.html ?? '')
      .join('');
    check({
      area: `dados (${kind})`,
      case: label,
      expected: 'as duas verificações decidem, sem quebrar; texto escapado',
      observed: `failed-processes: ${describeOutcome(o, h.ses.emails().length)}; stalled-packages: ${stalled.error ? `falhou: ${stalled.error.message}` : stalled.summary?.decision}`,
      held:
        o.summary !== undefined &&
        decided(o.summary) &&
        stalled.summary !== undefined &&
        !html.includes('<script') &&
        !html.includes('\u0001') &&
        html.length < 2_000_000,
    });
  });

  it('200 recipients with display names and duplicates', async () => {
    const list = Array.from({ length: 200 }, (_, i) =>
      i % 2 ? `Servidor ${i} <adm${i % 150}@orgao.gov.br>` : `adm${i % 150}@orgao.gov.br`
    );
    await h.load(
      odd((b) => {
        b.adminEmails = list.join(', ');
      }, 'partial-failure')
    );
    const o = await attempt(h.invoke('failed-processes'));
    check({
      area: `dados (${kind})`,
      case: '200 destinatários com nomes de exibição e repetidos',
      expected: '150 endereços distintos em 3 mensagens',
      observed: `${describeOutcome(o, h.ses.emails().length)}; destinatários: ${o.summary?.recipients}`,
      held: o.summary?.recipients === 150 && h.ses.emails().length === 3,
    });
  });
});

describe('SES event relay, over HTTP to local stand-ins of SNS and SQS', () => {
  it("the operators' topic refuses the notice: the failed-run queue receives the masked notice, never the raw event", async () => {
    const received: Array<{ target: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? 'SNS');
        received.push({ target, body });
        if (target === 'AmazonSQS.SendMessage') {
          const { MessageBody = '' } = JSON.parse(body) as { MessageBody?: string };
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ MessageId: 'q-1', MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') }));
          return;
        }
        // SNS (query protocol): what it answers a publish it refuses, naming the address.
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code>' +
            '<Message>Invalid parameter: fulano.silva@orgao.gov.br</Message></Error><RequestId>r-1</RequestId></ErrorResponse>'
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = { region: 'sa-east-1', endpoint, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' }, maxAttempts: 1 };
    const recipients = ['fulano.silva@orgao.gov.br', 'joão.souza@órgão.gov.br', '"beltrano de tal"@orgao.gov.br'];
    const raw = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, diagnosticCode: `smtp; 550 ${emailAddress} unknown` })),
      },
      mail: {
        timestamp: '2026-11-29T20:00:02.012Z',
        messageId: '0100019a-0000',
        destination: recipients,
        headers: [{ name: 'To', value: recipients.join(', ') }],
        commonHeaders: { to: recipients, subject: '[Plugin SEI-PI] 6 processos' },
      },
    };
    try {
      const handler = createMailEventsHandler(
        {
          OPERATORS_TOPIC_ARN: 'arn:aws:sns:sa-east-1:123456789012:alertas',
          FAILED_RUN_QUEUE_URL: `${endpoint}/123456789012/falhas`,
          SEI_TIME_ZONE: SP,
        },
        new SNSClient(client),
        new SQSClient(client)
      );
      const result = await handler({ Records: [{ Sns: { Message: JSON.stringify(raw) } }] }, fakeLambdaContext('mail-events'));
      const queued = received.filter((r) => r.target === 'AmazonSQS.SendMessage').map((r) => r.body);
      const visible = queued.join('\n').match(/[^\s"*;:<>,\\]+@/g) ?? [];
      check({
        area: 'segurança',
        case: 'repasse de evento do SES cujo aviso o tópico dos operadores recusa (endereços Unicode e entre aspas)',
        expected: 'a fila de execuções com falha recebe só o aviso mascarado; nenhum endereço, nem o evento bruto',
        observed: `${JSON.stringify(result)}; mensagens na fila: ${queued.length}; partes locais visíveis: ${visible.length}`,
        held:
          queued.length === 1 &&
          visible.length === 0 &&
          !/fulano|jo(ã|\\u00e3)o|beltrano|bouncedRecipients/.test(queued[0] ?? '') &&
          (queued[0] ?? '').includes('***@') &&
          (result as { parked?: number }).parked === 1,
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
