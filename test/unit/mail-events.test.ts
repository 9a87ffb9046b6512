import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { fakeLambdaContext } from '../../local/harness/lambda-context';
import { describeMailEvent, MAX_DETAIL, MAX_EVENT_TYPE, type MailEventNotice } from '../../shared/mail-events/describe-mail-event';
import { createMailEventsHandler } from '../../shared/mail-events/mail-events-handler';
import { type OperatorChannel, type ParkedNotice, relayMailEvents } from '../../shared/mail-events/relay-mail-events';

/**
 * SES delivery problems as the operators read them: one pt-BR sentence per
 * event, addresses masked. The events follow the SES Developer Guide's
 * "Examples of event data that Amazon SES publishes to Amazon SNS".
 */

const TZ = 'America/Sao_Paulo';
const SUBJECT = '[Plugin SEI-PI] 6 processos não integrados no último ciclo (29/11/2026 02:00)';

/** The `mail` object of every sample: sent at 17:00:02 in São Paulo. */
const mail = (destination: string[] = ['fulano@orgao.gov.br']) => ({
  timestamp: '2026-11-29T20:00:02.012Z',
  source: 'sei-notificacoes@orgao.gov.br',
  sourceArn: 'arn:aws:ses:sa-east-1:123456789012:identity/orgao.gov.br',
  sendingAccountId: '123456789012',
  messageId: '0100019a-aaaa-bbbb-cccc-000000000000-000000',
  destination,
  headersTruncated: false,
  headers: [
    { name: 'From', value: 'sei-notificacoes@orgao.gov.br' },
    { name: 'To', value: destination.join(', ') },
    { name: 'Subject', value: SUBJECT },
  ],
  commonHeaders: {
    from: ['sei-notificacoes@orgao.gov.br'],
    to: destination,
    messageId: '<notice@orgao.gov.br>',
    subject: SUBJECT,
  },
  tags: { 'ses:configuration-set': ['SeiPiNotifier-Mail'] },
});

const ABOUT = `(assunto: ${SUBJECT}; enviado em 29/11/2026 17:00)`;
const ID_LINE = '\n\nId da mensagem no SES: 0100019a-aaaa-bbbb-cccc-000000000000-000000';

const permanentBounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      { emailAddress: 'fulano@orgao.gov.br', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
    ],
    timestamp: '2026-11-29T20:01:02.669Z',
    feedbackId: '0100019a-feedback-000000',
    reportingMTA: 'dsn; mta.orgao.gov.br',
  },
  mail: mail(),
};

/** A complaint by several recipients (non-ASCII domains included), the raw event the failed-run queue must never hold. */
const complaintOf = (recipients: string[]) => ({
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
    timestamp: '2026-11-29T20:05:00.000Z',
    feedbackId: 'f-1',
    complaintFeedbackType: 'abuse',
  },
  mail: mail(recipients),
});

const describe_ = (event: unknown): MailEventNotice => describeMailEvent(JSON.stringify(event), TZ);

/** Every `@` in the text is a masked one: no local part of any address survives. */
function expectNoAddress(...texts: string[]): void {
  for (const text of texts) {
    for (const match of text.matchAll(/(.{0,3})@/g)) expect(match[1], text).toBe('***');
    expect(text).not.toMatch(/fulano|beltrano|sicrano|cicrano|admin\d/);
  }
}

function expectValidSubject(subject: string): void {
  expect(subject.startsWith('[Plugin SEI-PI] ')).toBe(true);
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x20-\x7e]+$/);
}

describe('describeMailEvent', () => {
  it('a permanent bounce: the masked recipient, the server diagnostic, the subject and local send time', () => {
    const notice = describe_(permanentBounce);
    expect(notice.subject).toBe('[Plugin SEI-PI] Devolucao permanente de e-mail');
    expect(notice.message).toBe(`Devolução permanente para ***@orgao.gov.br: 550 5.1.1 user unknown ${ABOUT}.${ID_LINE}`);
    expect(notice).toMatchObject({ eventType: 'Bounce', sesMessageId: '0100019a-aaaa-bbbb-cccc-000000000000-000000' });
    expectNoAddress(notice.subject, notice.message);
  });

  it('names the bounce subtype, lists each recipient with its diagnostic or else its status', () => {
    const notice = describe_({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [
          { emailAddress: 'fulano@orgao.gov.br', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' },
          { emailAddress: 'beltrano@outro.gov.br', status: '4.2.2' },
          { emailAddress: 'sicrano@terceiro.gov.br' },
        ],
      },
      mail: mail(['fulano@orgao.gov.br', 'beltrano@outro.gov.br', 'sicrano@terceiro.gov.br']),
    });
    expect(notice.subject).toBe('[Plugin SEI-PI] Devolucao temporaria de e-mail');
    expect(notice.message.split('\n')[0]).toBe(
      'Devolução temporária (caixa postal cheia) para 3 destinatários — ***@orgao.gov.br: 452 4.2.2 Mailbox full; ' +
        `***@outro.gov.br: 4.2.2; ***@terceiro.gov.br ${ABOUT}.`
    );
    expectNoAddress(notice.message);
  });

  it.each([
    ['Permanent', 'NoEmail', 'Devolução permanente (endereço inexistente)'],
    ['Permanent', 'Suppressed', 'Devolução permanente (endereço na lista de supressão global do SES)'],
    ['Permanent', 'OnAccountSuppressionList', 'Devolução permanente (endereço na lista de supressão da conta)'],
    ['Transient', 'MessageTooLarge', 'Devolução temporária (mensagem grande demais)'],
    ['Transient', 'ContentRejected', 'Devolução temporária (conteúdo recusado)'],
    ['Transient', 'AttachmentRejected', 'Devolução temporária (anexo recusado)'],
    ['Undetermined', 'Undetermined', 'Devolução de tipo indeterminado'],
    ['Permanent', 'SomethingNew', 'Devolução permanente (SomethingNew)'],
    ['constructor', 'toString', 'Devolução (constructor) (toString)'],
  ])('bounce %s/%s reads "%s"', (bounceType, bounceSubType, start) => {
    const notice = describe_({ ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType, bounceSubType } });
    expect(notice.message.startsWith(`${start} para ***@orgao.gov.br: 550 5.1.1 user unknown (`)).toBe(true);
    expectValidSubject(notice.subject);
  });

  it('a complaint: its feedback type and the masked recipients', () => {
    const notice = describe_({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'fulano@orgao.gov.br' }],
        timestamp: '2026-11-29T20:05:00.000Z',
        feedbackId: 'f-1',
        userAgent: 'Feedback Loop',
        complaintFeedbackType: 'abuse',
        arrivalDate: '2026-11-29T20:04:00.000Z',
      },
      mail: mail(),
    });
    expect(notice.subject).toBe('[Plugin SEI-PI] Reclamacao sobre e-mail');
    expect(notice.message.split('\n')[0]).toBe(`Reclamação (marcado como spam ou abuso) de ***@orgao.gov.br sobre o e-mail ${ABOUT}.`);
  });

  it('a complaint on the account suppression list says the mail was not sent', () => {
    const notice = describe_({
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'fulano@orgao.gov.br' }], complaintSubType: 'OnAccountSuppressionList' },
      mail: mail(),
    });
    expect(notice.message.split('\n')[0]).toBe(
      `E-mail não enviado a ***@orgao.gov.br: o endereço está na lista de supressão da conta do SES por uma reclamação anterior ${ABOUT}.`
    );
  });

  it('a reject: the reason, explained', () => {
    const notice = describe_({ eventType: 'Reject', reject: { reason: 'Bad content' }, mail: mail() });
    expect(notice.subject).toBe('[Plugin SEI-PI] E-mail rejeitado pelo SES');
    expect(notice.message.split('\n')[0]).toBe(
      `O SES rejeitou o e-mail para ***@orgao.gov.br e não tentou entregá-lo: conteúdo inválido (o SES detectou vírus) ${ABOUT}.`
    );
  });

  it('a rendering failure: template and error message (the sample has no headers, so no subject)', () => {
    const { commonHeaders: _h, headers: _hh, ...bare } = mail();
    const notice = describe_({
      eventType: 'Rendering Failure',
      mail: bare,
      failure: { errorMessage: "Attribute 'attributeName' is not present in the rendering data.", templateName: 'MyTemplate' },
    });
    expect(notice.subject).toBe('[Plugin SEI-PI] Falha de renderizacao de e-mail');
    expect(notice.message.split('\n')[0]).toBe(
      "Falha de renderização do modelo MyTemplate: Attribute 'attributeName' is not present in the rendering data.; " +
        'o e-mail para ***@orgao.gov.br não foi enviado (enviado em 29/11/2026 17:00).'
    );
  });

  it('a delivery delay: its type, each recipient, and until when SES keeps trying (local time)', () => {
    const notice = describe_({
      eventType: 'DeliveryDelay',
      mail: mail(),
      deliveryDelay: {
        timestamp: '2026-11-29T20:10:40.095Z',
        delayType: 'TransientCommunicationFailure',
        expirationTime: '2026-11-30T20:00:02.914Z',
        delayedRecipients: [
          { emailAddress: 'fulano@orgao.gov.br', status: '4.4.1', diagnosticCode: 'smtp; 421 4.4.1 Unable to connect to remote host' },
        ],
      },
    });
    expect(notice.subject).toBe('[Plugin SEI-PI] Atraso na entrega de e-mail');
    expect(notice.message.split('\n')[0]).toBe(
      'Atraso na entrega (falha temporária de comunicação) para ***@orgao.gov.br: 421 4.4.1 Unable to connect to remote host; ' +
        `o SES tenta entregar até 30/11/2026 17:00 ${ABOUT}.`
    );
  });

  it('masks addresses inside diagnostics, subjects and template errors too', () => {
    const notice = describe_({
      ...permanentBounce,
      bounce: {
        ...permanentBounce.bounce,
        bouncedRecipients: [
          {
            emailAddress: 'Fulano.Silva+sei@orgao.gov.br',
            diagnosticCode: 'smtp; 550 5.1.1 <Fulano.Silva+sei@orgao.gov.br>: Recipient address rejected',
          },
        ],
      },
      mail: { ...mail(), commonHeaders: { subject: 'Aviso para cicrano@orgao.gov.br' } },
    });
    expect(notice.message.split('\n')[0]).toBe(
      'Devolução permanente para ***@orgao.gov.br: 550 5.1.1 <***@orgao.gov.br>: Recipient address rejected ' +
        '(assunto: Aviso para ***@orgao.gov.br; enviado em 29/11/2026 17:00).'
    );
    expectNoAddress(notice.message);
  });

  it('cuts a very long diagnostic, masking before cutting (no half address left readable)', () => {
    const long = `smtp; 550 ${'x'.repeat(MAX_DETAIL - 20)} beltrano@orgao.gov.br ${'y'.repeat(5000)}`;
    const notice = describe_({
      ...permanentBounce,
      bounce: { ...permanentBounce.bounce, bouncedRecipients: [{ emailAddress: 'fulano@orgao.gov.br', diagnosticCode: long }] },
    });
    const first = notice.message.split('\n')[0] as string;
    const diagnostic = first.slice('Devolução permanente para ***@orgao.gov.br: '.length, first.indexOf(' (assunto:'));
    expect(diagnostic.length).toBe(MAX_DETAIL);
    expect(diagnostic.endsWith('…')).toBe(true);
    expect(first.length).toBeLessThan(600);
    expectNoAddress(notice.message);
  });

  it('names ten recipients at most and counts the rest', () => {
    const many = Array.from({ length: 14 }, (_, i) => `admin${i}@orgao.gov.br`);
    const notice = describe_({ eventType: 'Reject', reject: { reason: 'Bad content' }, mail: mail(many) });
    expect(notice.message).toContain(`${Array(10).fill('***@orgao.gov.br').join('; ')}; e mais 4 e não tentou`);
    expectNoAddress(notice.message);
  });

  it('an unknown event type is still relayed, named, with a masked excerpt', () => {
    const notice = describe_({ eventType: 'Subscription', mail: mail(), subscription: { contactList: 'x' } });
    expect(notice.subject).toBe('[Plugin SEI-PI] Evento do SES: Subscription');
    expect(notice.message).toMatch(/^Evento do SES do tipo "Subscription" sobre o e-mail para \*\*\*@orgao\.gov\.br \(assunto: /);
    expect(notice.message).toContain('Conteúdo recebido (resumido, endereços mascarados): {"eventType":"Subscription"');
    expect(notice.eventType).toBe('Subscription');
    expectNoAddress(notice.message);
  });

  it('reads the legacy notificationType when eventType is missing', () => {
    const { eventType: _e, ...rest } = permanentBounce;
    expect(describe_({ ...rest, notificationType: 'Bounce' }).message).toMatch(/^Devolução permanente para \*\*\*@orgao\.gov\.br: 550/);
  });

  it.each([
    ['not JSON', 'fulano@orgao.gov.br bounced', 'Evento do SES ilegível (o conteúdo não é JSON).'],
    ['a JSON array', '[1,2]', 'Evento do SES ilegível (o conteúdo não é um objeto JSON).'],
    ['JSON null', 'null', 'Evento do SES ilegível (o conteúdo não é um objeto JSON).'],
    ['empty', '', 'Evento do SES ilegível (o conteúdo não é JSON).'],
  ])('%s: an "unreadable" notice with the masked excerpt, never a crash', (_name, raw, sentence) => {
    const notice = describeMailEvent(raw, TZ);
    expect(notice.subject).toBe('[Plugin SEI-PI] Evento do SES ilegivel');
    expect(notice.message.startsWith(`${sentence}\n\nConteúdo recebido`)).toBe(true);
    expectNoAddress(notice.message);
  });

  it.each([
    ['no type at all', { mail: mail() }],
    ['a type of the wrong kind', { eventType: 42, mail: 'x' }],
    ['a bounce without its object', { eventType: 'Bounce' }],
    [
      'a bounce with fields of the wrong kinds',
      { eventType: 'Bounce', bounce: { bounceType: 7, bouncedRecipients: 'fulano@orgao.gov.br' }, mail: 5 },
    ],
    [
      'recipients that are not objects',
      { eventType: 'DeliveryDelay', deliveryDelay: { delayedRecipients: [null, 3, 'x'], expirationTime: 'amanhã' } },
    ],
    ['a complaint with nothing', { eventType: 'Complaint', complaint: null }],
    ['a rendering failure with nothing', { eventType: 'Rendering Failure' }],
    ['a reject with nothing', { eventType: 'Reject', mail: { timestamp: 'not a date', commonHeaders: { subject: ['x'] } } }],
  ])('%s: a sentence, a valid subject, no crash', (_name, event) => {
    const notice = describe_(event);
    expect(notice.message.length).toBeGreaterThan(20);
    expect(notice.message).not.toMatch(/undefined|null|NaN|\[object/);
    expectValidSubject(notice.subject);
    expectNoAddress(notice.message);
  });

  it('keeps the subject ASCII, on one line and under 100 characters whatever the event type', () => {
    const notice = describe_({ eventType: `Évènement\n${'z'.repeat(300)}`, mail: mail() });
    expectValidSubject(notice.subject);
    expect(notice.subject).toMatch(/^\[Plugin SEI-PI\] Evento do SES: Evenement z+…?/);
  });

  it('puts every line break of remote texts on one line', () => {
    const notice = describe_({ eventType: 'Reject', reject: { reason: 'linha 1\r\nlinha 2\u0007' }, mail: mail() });
    expect(notice.message.split('\n')[0]).toContain('não tentou entregá-lo: linha 1 linha 2 (assunto:');
  });
});

describe('relayMailEvents', () => {
  const setup = (failWith?: Error) => {
    const published: Array<{ subject: string; message: string }> = [];
    const logged: unknown[] = [];
    const channel: OperatorChannel = {
      publish: async (subject, message) => {
        if (failWith) throw failWith;
        published.push({ subject, message });
      },
    };
    const log = { info: (m: string, extra: Record<string, unknown>) => void logged.push([m, extra]), warn: () => {} };
    return { published, logged, deps: { channel, log, timeZone: TZ } };
  };
  const snsEvent = (...messages: unknown[]) => ({
    Records: messages.map((Message, i) => ({ EventSource: 'aws:sns', Sns: { MessageId: `m${i}`, Message } })),
  });

  it('publishes one notice per SNS record and logs only the type and SES message id', async () => {
    const { published, logged, deps } = setup();
    const summary = await relayMailEvents(snsEvent(JSON.stringify(permanentBounce), { not: 'a string', to: 'fulano@orgao.gov.br' }), deps);
    // The record without a string message is relayed whole, as an event without a type.
    expect(summary).toEqual({ relayed: 2, eventTypes: ['Bounce', '(sem tipo)'] });
    expect(published.map((p) => p.subject)).toEqual([
      '[Plugin SEI-PI] Devolucao permanente de e-mail',
      '[Plugin SEI-PI] Evento do SES sem tipo',
    ]);
    expect(published[1]?.message).toContain('"to":"***@orgao.gov.br"');
    expect(logged).toEqual([
      ['Mail event relayed', { eventType: 'Bounce', sesMessageId: '0100019a-aaaa-bbbb-cccc-000000000000-000000' }],
      ['Mail event relayed', { eventType: '(sem tipo)', sesMessageId: undefined }],
    ]);
    expectNoAddress(JSON.stringify(published), JSON.stringify(logged));
  });

  it('relays something that is not an SNS delivery as an unreadable event (nothing dropped)', async () => {
    const { published, deps } = setup();
    await relayMailEvents({ detail: { eventType: 'Bounce' } }, deps);
    expect(published).toHaveLength(1);
    expect(published[0]?.message).toContain('{"detail":{"eventType":"Bounce"}}');
  });

  it('rejects when the topic refuses the publish and there is no parking queue, so Lambda retries the event', async () => {
    const { deps } = setup(new Error('KMS AccessDenied'));
    await expect(relayMailEvents(snsEvent(JSON.stringify(permanentBounce)), deps)).rejects.toThrow('KMS AccessDenied');
  });

  it('parks the masked notice (never the raw event) when the topic refuses the publish', async () => {
    const { deps } = setup(Object.assign(new Error('Invalid parameter: fulano@orgao.gov.br'), { name: 'InvalidParameterException' }));
    const parked: ParkedNotice[] = [];
    const warned: unknown[] = [];
    const summary = await relayMailEvents(snsEvent(JSON.stringify(permanentBounce)), {
      ...deps,
      log: { ...deps.log, warn: (m: string, extra: Record<string, unknown>) => void warned.push([m, extra]) },
      parking: { park: async (notice) => void parked.push(notice) },
    });
    expect(summary).toEqual({ relayed: 0, eventTypes: ['Bounce'], parked: 1 });
    expect(parked).toEqual([
      {
        subject: '[Plugin SEI-PI] Devolucao permanente de e-mail',
        message: `Devolução permanente para ***@orgao.gov.br: 550 5.1.1 user unknown ${ABOUT}.${ID_LINE}`,
        eventType: 'Bounce',
        sesMessageId: '0100019a-aaaa-bbbb-cccc-000000000000-000000',
        error: 'InvalidParameterException: Invalid parameter: ***@orgao.gov.br',
      },
    ]);
    expect(warned).toEqual([
      [
        'Mail event parked in the failed-run queue',
        { eventType: 'Bounce', sesMessageId: '0100019a-aaaa-bbbb-cccc-000000000000-000000', errorName: 'InvalidParameterException' },
      ],
    ]);
    expectNoAddress(JSON.stringify(parked), JSON.stringify(warned));
  });

  it('rejects when the parking queue refuses too (Lambda retries; the relay has no on-failure destination)', async () => {
    const { deps } = setup(new Error('KMS AccessDenied'));
    const parking = {
      park: async () => {
        throw new Error('SQS down');
      },
    };
    await expect(relayMailEvents(snsEvent(JSON.stringify(permanentBounce)), { ...deps, parking })).rejects.toThrow('SQS down');
  });

  it('cuts the logged event type of an unknown event (free text from the event)', async () => {
    const { logged, deps } = setup();
    await relayMailEvents(snsEvent(JSON.stringify({ eventType: `Custom${'x'.repeat(500)} fulano@orgao.gov.br`, mail: mail() })), deps);
    const eventType = (logged[0] as [string, { eventType: string }])[1].eventType;
    expect(eventType.length).toBeLessThanOrEqual(MAX_EVENT_TYPE);
    expect(eventType.startsWith('Customxxx')).toBe(true);
  });
});

describe('createMailEventsHandler (real SNS client, the request stopped before the network)', () => {
  const TOPIC = 'arn:aws:sns:sa-east-1:123456789012:SeiPiNotifier-Alerts';

  function interceptedClient(inputs: unknown[], fail = false): SNSClient {
    const client = new SNSClient({ region: 'sa-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    // First in the stack: sees the command's input and answers instead of the network.
    const capture = () => async (args: { input: unknown }) => {
      inputs.push(args.input);
      if (fail) throw Object.assign(new Error('Invalid parameter: fulano@orgao.gov.br'), { name: 'InvalidParameterException' });
      return { output: { MessageId: 'sns-1', $metadata: {} } };
    };
    client.middlewareStack.add(capture as never, { step: 'initialize', name: 'captureForTest' });
    return client;
  }

  it('publishes Subject and Message to the operators topic of its environment', async () => {
    const inputs: unknown[] = [];
    const handler = createMailEventsHandler({ OPERATORS_TOPIC_ARN: TOPIC, SEI_TIME_ZONE: TZ }, interceptedClient(inputs));
    const event = { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(permanentBounce) } }] };
    const result = await handler(event, fakeLambdaContext('mail-events'));
    expect(result).toEqual({ relayed: 1, eventTypes: ['Bounce'] });
    expect(inputs).toEqual([
      {
        TopicArn: TOPIC,
        Subject: '[Plugin SEI-PI] Devolucao permanente de e-mail',
        Message: `Devolução permanente para ***@orgao.gov.br: 550 5.1.1 user unknown ${ABOUT}.${ID_LINE}`,
      },
    ]);
  });

  it('with FAILED_RUN_QUEUE_URL, a refused publish sends the masked notice to that queue, and no address', async () => {
    const sent: Array<{ QueueUrl?: string; MessageBody?: string }> = [];
    const sqs = new SQSClient({ region: 'sa-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const capture = () => async (args: { input: { QueueUrl?: string; MessageBody?: string } }) => {
      sent.push(args.input);
      return { output: { MessageId: 'sqs-1', $metadata: {} } };
    };
    sqs.middlewareStack.add(capture as never, { step: 'initialize', name: 'captureForTest' });
    const QUEUE = 'https://sqs.sa-east-1.amazonaws.com/123456789012/SeiPiNotifier-FailedRunQueue';
    const handler = createMailEventsHandler(
      { OPERATORS_TOPIC_ARN: TOPIC, FAILED_RUN_QUEUE_URL: QUEUE, SEI_TIME_ZONE: TZ },
      interceptedClient([], true),
      sqs
    );
    const event = { Records: [{ Sns: { Message: JSON.stringify(complaintOf(['fulano@orgao.gov.br', 'beltrano@órgão.gov.br'])) } }] };
    const result = await handler(event, fakeLambdaContext('mail-events'));
    expect(result).toMatchObject({ relayed: 0, parked: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.QueueUrl).toBe(QUEUE);
    const body = JSON.parse(sent[0]?.MessageBody ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ source: 'mail-events', subject: expect.stringContaining('[Plugin SEI-PI] '), eventType: 'Complaint' });
    expect(body.message).toContain('***@orgao.gov.br; ***@órgão.gov.br');
    expectNoAddress(sent[0]?.MessageBody ?? '');
  });

  it('rethrows a clean, masked error when the publish fails', async () => {
    const handler = createMailEventsHandler({ OPERATORS_TOPIC_ARN: TOPIC }, interceptedClient([], true));
    const event = { Records: [{ Sns: { Message: JSON.stringify(permanentBounce) } }] };
    const error = await handler(event, fakeLambdaContext('mail-events')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Invalid parameter: ***@orgao.gov.br');
  });

  it.each([
    [{}, 'OPERATORS_TOPIC_ARN: obrigatório e não informado'],
    [{ OPERATORS_TOPIC_ARN: TOPIC, SEI_TIME_ZONE: 'Mars/Olympus' }, 'SEI_TIME_ZONE: fuso horário "Mars/Olympus" desconhecido'],
  ])('fails at cold start on a bad environment (%j)', (env, message) => {
    expect(() => createMailEventsHandler(env, interceptedClient([]))).toThrow(message);
  });
});
