import { describe, expect, it } from 'vitest';
import type { CheckName } from '../../shared/checks/decision';
import type { NoticeState } from '../../shared/checks/notice-plan';
import { loadConfig } from '../../shared/config';
import type { SqlReader } from '../../shared/data-api/sql-client';
import { type Mail, renderMail } from '../../shared/mail/document';
import type { DeliveryProgress } from '../../shared/mail/resumable-delivery';
import type { Mailer } from '../../shared/mail/ses-mailer';
import type { CheckOutcome } from '../../shared/notifier/check-outcome';
import { type CheckPorts, type CheckRunner, runCheck } from '../../shared/notifier/run-check';
import type { RunEvent } from '../../shared/notifier/run-event';
import type { NoticeStateStore } from '../../shared/notifier/state-store';

/**
 * The mailing rules (once per event, "Resolvido" on evidence, resume after a
 * failed batch, dry-run and test modes) on in-memory ports: no servers.
 */

const config = loadConfig({
  DB_ENGINE: 'postgres',
  DB_CLUSTER_ARN: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-AbCdEf',
  DB_NAME: 'sei',
  MAIL_FROM: 'sei-pi@orgao.gov.br',
});
const NOW = new Date('2026-11-29T20:00:00Z'); // 17:00 in SEI's zone
const ADMINS = Array.from({ length: 120 }, (_, i) => `admin${i}@orgao.gov.br`).join(';');

/** The state table, in memory. */
function memoryStore(): NoticeStateStore & { readonly notices: Map<string, NoticeState> } {
  const notices = new Map<string, NoticeState>();
  const deliveries = new Map<string, DeliveryProgress>();
  return {
    notices,
    get: async (check) => notices.get(check),
    put: async (check, state) => void notices.set(check, state),
    getDelivery: async (check, audience = 'everyone') => deliveries.get(`${check}#${audience}`),
    putDelivery: async (check, progress, audience = 'everyone') =>
      void deliveries.set(`${check}#${audience}`, { ...progress, messageIds: [...progress.messageIds], sentTo: [...progress.sentTo] }),
  };
}

/** SES, in memory: records each message; `failOnMessage` makes that message (1-based, counted across sends) throw. */
function memoryMailer(failOnMessage?: number): Mailer & { readonly sent: { subject: string; to: readonly string[] }[] } {
  const sent: { subject: string; to: readonly string[] }[] = [];
  let attempts = 0;
  return {
    sent,
    async send(mail, recipients, options = {}) {
      const ids: string[] = [];
      for (let i = 0; i < recipients.length; i += 50) {
        const batch = recipients.slice(i, i + 50);
        attempts += 1;
        if (attempts === failOnMessage) throw new Error('MessageRejected');
        sent.push({ subject: mail.subject, to: batch });
        const id = `msg-${sent.length}`;
        ids.push(id);
        await options.onBatchSent?.(batch, id);
      }
      return ids;
    },
  };
}

const reader: SqlReader = { query: async () => [{ admin_emails: ADMINS, admin_emails_chars: ADMINS.length }] };
const silent = { info() {}, warn() {} };

function ports(over: Partial<CheckPorts> = {}): CheckPorts & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    reader,
    mailer: memoryMailer(),
    store: memoryStore(),
    log: silent,
    count: (n, v) => {
      counts[n] = (counts[n] ?? 0) + v;
    },
    counts,
    ...over,
  };
}

const alertMail: Mail = renderMail('Processos não integrados no último ciclo', [{ kind: 'paragraph', text: 'falhas' }]);

/** A runner that reports (or not) what a scripted outcome says. */
const scripted =
  (outcome: Partial<CheckOutcome>): CheckRunner =>
  async () => ({
    check: 'failed-processes',
    decision: 'report',
    reason: 'last-cycle-has-failures',
    figures: {},
    cleared: false,
    adminEmails: ADMINS,
    metrics: { InfrastructureFailures: 2 },
    mails: [{ audience: 'everyone', mail: alertMail }],
    alertKey: 'W1',
    observedAt: '2026-11-29 02:00:00',
    alertedSince: '2026-11-29 02:00:00',
    ...outcome,
  });

const run = (
  p: CheckPorts,
  runner: CheckRunner,
  request: RunEvent = { mode: 'run', scheduledTime: NOW.toISOString() },
  check: CheckName = 'failed-processes'
) => runCheck(check, runner, request, config, p, NOW);

describe('the run of a check, on in-memory ports', () => {
  it('mails an event once: the same window seen again is not mailed twice', async () => {
    const p = ports();
    expect(await run(p, scripted({}))).toMatchObject({ decision: 'sent', recipients: 120, messageIds: ['msg-1', 'msg-2', 'msg-3'] });
    expect(await run(p, scripted({}))).toMatchObject({ decision: 'nothing-to-report', reason: 'already-notified' });
    expect(await run(p, scripted({ alertKey: 'W2' }))).toMatchObject({ decision: 'sent' });
    expect(p.counts).toEqual({ InfrastructureFailures: 6, MailsSent: 6 });
  });

  it('says "Resolvido" once, only on evidence, then nothing', async () => {
    const p = ports();
    await run(p, scripted({}));
    const quiet = { decision: 'nothing-to-report', reason: 'last-cycle-without-failures', mail: undefined, alertKey: 'W2' } as const;
    expect(await run(p, scripted({ ...quiet, cleared: false, reason: 'run-unfinished' }))).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'run-unfinished',
    });
    const resolved = await run(p, scripted({ ...quiet, cleared: true }));
    expect(resolved).toMatchObject({ decision: 'resolved-sent', reason: 'resolved' });
    expect((p.mailer as ReturnType<typeof memoryMailer>).sent.at(-1)?.subject).toMatch(/^\[Plugin SEI-PI\] Resolvido: /);
    expect(await run(p, scripted({ ...quiet, cleared: true }))).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('resumes after a failed batch: the retry sends only to those not reached', async () => {
    const mailer = memoryMailer(2);
    const p = ports({ mailer });
    await expect(run(p, scripted({}))).rejects.toThrow('MessageRejected');
    // Nothing remembered as mailed: the retry of the same run mails, but only the missing batches.
    expect(p.store && (await p.store.get('failed-processes'))).toBeUndefined();
    expect(await run(p, scripted({}))).toMatchObject({ decision: 'sent', messageIds: ['msg-1', 'msg-2', 'msg-3'] });
    expect(mailer.sent.flatMap((m) => m.to)).toHaveLength(120);
    expect(new Set(mailer.sent.flatMap((m) => m.to)).size).toBe(120);
  });

  it('a dry run returns the mail and its recipients, sends nothing and remembers nothing', async () => {
    const p = ports();
    const dry = await run(p, scripted({}), { mode: 'dry-run', scheduledTime: NOW.toISOString() });
    expect(dry).toMatchObject({ decision: 'would-send', recipients: 120, mail: { subject: alertMail.subject } });
    expect(dry.mail?.to).toHaveLength(120);
    expect((p.mailer as ReturnType<typeof memoryMailer>).sent).toHaveLength(0);
    expect((p.store as ReturnType<typeof memoryStore>).notices.size).toBe(0);
    expect(p.counts).toEqual({});
  });

  it('a dry run with nobody to receive it still shows the mail, with a warning; a real run fails', async () => {
    const p = ports();
    const nobody = scripted({ adminEmails: '' });
    const dry = await run(p, nobody, { mode: 'dry-run' });
    expect(dry).toMatchObject({ decision: 'would-send', recipients: 0, mail: { subject: alertMail.subject, to: [] } });
    expect(dry.warnings?.[0]).toMatch(/^Nenhum destinatário/);
    await expect(run(p, nobody)).rejects.toThrow(/Nenhum destinatário/);
  });

  it('a test sends a marked mail to SEI_EMAIL_ADMINISTRADOR and decides nothing', async () => {
    const p = ports();
    const test = await run(
      p,
      async () => {
        throw new Error('the check must not run in test mode');
      },
      { mode: 'test' }
    );
    expect(test).toMatchObject({ decision: 'test-sent', recipients: 120 });
    expect((p.mailer as ReturnType<typeof memoryMailer>).sent[0]?.subject).toContain('[TESTE]');
    expect((p.store as ReturnType<typeof memoryStore>).notices.size).toBe(0);
  });

  it('a one-off notice (processes out of attempts) leaves no episode to resolve', async () => {
    const p = ports();
    expect(await run(p, scripted({ reason: 'exhausted-attempts', opensEpisode: false }))).toMatchObject({ decision: 'sent' });
    expect((p.store as ReturnType<typeof memoryStore>).notices.get('failed-processes')).toMatchObject({ status: 'ok' });
  });

  it('stalled-packages repeats on every scheduled run, not on a retry of the same one', async () => {
    const p = ports();
    const stalled = scripted({
      check: 'stalled-packages',
      reason: 'nothing-succeeding',
      alertKey: undefined,
      alerted: ['nothing-succeeding'],
    });
    const at = (iso: string): RunEvent => ({ mode: 'run', scheduledTime: iso });
    expect((await run(p, stalled, at('2026-11-29T15:00:00Z'), 'stalled-packages')).decision).toBe('sent');
    expect((await run(p, stalled, at('2026-11-30T15:00:00Z'), 'stalled-packages')).decision).toBe('sent');
    expect(await run(p, stalled, at('2026-11-30T15:00:00Z'), 'stalled-packages')).toMatchObject({ reason: 'already-notified' });
  });

  it('routes each part to its team, resumes each part apart, and tells both teams "Resolvido"', async () => {
    const routed = loadConfig({
      DB_ENGINE: 'postgres',
      DB_CLUSTER_ARN: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei',
      DB_SECRET_ARN: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-AbCdEf',
      DB_NAME: 'sei',
      MAIL_FROM: 'sei-pi@orgao.gov.br',
      MAIL_TO_INFRASTRUCTURE: 'infra@orgao.gov.br',
      MAIL_TO_RECORDS: 'protocolo@orgao.gov.br; arquivo@orgao.gov.br',
    });
    const infraMail = renderMail('FI', []);
    const recordsMail = renderMail('EN', []);
    const twoParts = scripted({
      mails: [
        { audience: 'infrastructure', mail: infraMail },
        { audience: 'records', mail: recordsMail },
      ],
    });
    // The records part fails once: the retry sends only that part again.
    const mailer = memoryMailer(2);
    const p = ports({ mailer });
    const at = { mode: 'run', scheduledTime: NOW.toISOString() } as const;
    await expect(runCheck('failed-processes', twoParts, at, routed, p, NOW)).rejects.toThrow('MessageRejected');
    expect(await runCheck('failed-processes', twoParts, at, routed, p, NOW)).toMatchObject({ decision: 'sent', recipients: 3 });
    expect(mailer.sent.map((m) => [m.subject, m.to])).toEqual([
      ['[Plugin SEI-PI] FI', ['infra@orgao.gov.br']],
      ['[Plugin SEI-PI] EN', ['protocolo@orgao.gov.br', 'arquivo@orgao.gov.br']],
    ]);
    const quiet = scripted({
      decision: 'nothing-to-report',
      reason: 'last-cycle-without-failures',
      mails: undefined,
      alertKey: 'W2',
      cleared: true,
    });
    expect(await runCheck('failed-processes', quiet, at, routed, p, NOW)).toMatchObject({ decision: 'resolved-sent', recipients: 3 });
    expect(mailer.sent.at(-1)?.to).toEqual(['infra@orgao.gov.br', 'protocolo@orgao.gov.br', 'arquivo@orgao.gov.br']);
  });
});
