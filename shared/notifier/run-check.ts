import type { CheckName } from '../checks/decision';
import type { Audience } from '../checks/figures';
import { type CheckHistory, planNotice } from '../checks/notice-plan';
import type { FunctionConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import { NoRecipientsError } from '../errors';
import type { LogSink } from '../logger';
import { composeResolvedMail } from '../mail/resolved-mail';
import { deliverResumably } from '../mail/resumable-delivery';
import type { Mailer } from '../mail/ses-mailer';
import { composeTestMail } from '../mail/test-mail';
import { METRIC } from '../metric-names';
import { formatLocalTimestamp, instantToLocal } from '../sei/local-time';
import { choosePackageAccess, readAdminEmails } from '../sei/queries';
import type { AddressedMail, CheckOutcome } from './check-outcome';
import { needsAdminEmails, type Recipients, recipientListFor, resolveRecipients } from './notice-recipients';
import type { RunEvent } from './run-event';
import type { RunSummary } from './run-summary';
import { readSeiSettings, seiAdministrators } from './sei-settings';
import { deliveryLedgerOf, type NoticeStateStore } from './state-store';

/** A check: reads, decides and writes its mail, given a reader and what the previous run left. */
export type CheckRunner = (
  reader: SqlReader,
  config: FunctionConfig,
  now: Date,
  log: LogSink,
  history: CheckHistory
) => Promise<CheckOutcome>;

/** Counts the run publishes (CloudWatch metrics in Lambda). */
export type CountSink = (name: string, value: number) => void;

/** What one run of a check works with; in Lambda, the AWS clients behind them. */
export interface CheckPorts {
  readonly reader: SqlReader;
  readonly mailer: Mailer;
  /** Notification state and delivery progress; without it each run decides alone. */
  readonly store?: NoticeStateStore;
  readonly log: LogSink;
  readonly count: CountSink;
}

/** What a mode decides; the handler adds who, how and how many Data API calls. */
export type ModeResult = Omit<RunSummary, 'check' | 'mode' | 'configurationSet' | 'dataApiCalls'>;

/** The summary's note of recipients left out by `MAX_RECIPIENTS`, when any. */
const cutOf = (cut: number) => (cut > 0 ? { recipientsCut: cut } : {});

/** The administrators a notice goes to without `MAIL_TO`: module 2.x's integration administrator too. */
async function readSeiAdministrators(config: FunctionConfig, reader: SqlReader): Promise<string | undefined> {
  const settings = await readSeiSettings(reader, await choosePackageAccess(reader, config.dbEngine), config);
  return seiAdministrators(settings, await readAdminEmails(reader));
}

/** `{"mode": "test"}`: a marked test mail to the configured recipients, nothing decided. */
async function sendTestMail(check: CheckName, config: FunctionConfig, ports: CheckPorts, now: Date): Promise<ModeResult> {
  const adminEmails = needsAdminEmails(config, 'everyone') ? await readSeiAdministrators(config, ports.reader) : undefined;
  const list = recipientListFor(config, 'everyone', adminEmails);
  const { recipients, cut } = resolveRecipients(list, adminEmails, ports.log, config.maxRecipients);
  const sentAt = formatLocalTimestamp(instantToLocal(now, config.seiTimeZone)) ?? now.toISOString();
  const messageIds = await ports.mailer.send(composeTestMail(check, sentAt, config.sei), recipients);
  return { decision: 'test-sent', reason: 'operator-test', figures: {}, messageIds, recipients: recipients.length, ...cutOf(cut) };
}

/**
 * A real run or a dry run: decides, plans against what was already mailed
 * (once per event, "Resolvido" on evidence), and mails (or, dry, returns the
 * mail). Only a real run changes what is remembered, and only after the mail
 * went out, so a failure never loses a notice; a retry resumes the delivery.
 */
async function notify(
  check: CheckName,
  runner: CheckRunner,
  request: RunEvent,
  config: FunctionConfig,
  ports: CheckPorts,
  now: Date
): Promise<ModeResult> {
  const { store } = ports;
  const previous = await store?.get(check);
  const outcome = await runner(ports.reader, config, now, ports.log, { previous, stateful: store !== undefined });
  const nowLocal = instantToLocal(now, config.seiTimeZone);
  const key = outcome.alertKey ?? request.scheduledTime;
  const plan = planNotice(previous, {
    check,
    decision: outcome.decision,
    cleared: outcome.cleared,
    key,
    observedAt: outcome.observedAt ?? nowLocal,
    checkedAt: nowLocal,
    alertedSince: outcome.alertedSince,
    alerted: outcome.alerted,
    opensEpisode: outcome.opensEpisode,
    alertCount: outcome.alertCount,
    news: outcome.news,
    seen: outcome.seen,
  });
  const mails: readonly AddressedMail[] =
    plan.send === 'alert'
      ? (outcome.mails ?? [])
      : plan.send === 'resolved'
        ? [{ audience: 'everyone', mail: composeResolvedMail(check, plan.previous, outcome.figures, config.sei) }]
        : [];
  const real = request.mode === 'run';
  const remember = async () => {
    if (store && real) await store.put(check, plan.next);
  };
  if (real) for (const [name, value] of Object.entries(outcome.metrics)) ports.count(name, value);
  const base = { figures: outcome.figures };

  if (mails.length === 0) {
    await remember();
    const reason = plan.send === 'none' && plan.reason ? plan.reason : outcome.reason;
    return { ...base, decision: 'nothing-to-report', reason, messageIds: [], recipients: 0 };
  }
  const reason = plan.send === 'resolved' ? 'resolved' : outcome.reason;
  const recipientsOf = (audience: Audience) =>
    resolveRecipients(recipientListFor(config, audience, outcome.adminEmails), outcome.adminEmails, ports.log, config.maxRecipients);
  if (!real) return dryRunResult(base, reason, mails, recipientsOf);

  const messageIds: string[] = [];
  let recipients = 0;
  let cut = 0;
  for (const { audience, mail } of mails) {
    const to = recipientsOf(audience);
    // Each part has its own delivery progress: a retry resumes the part that failed, not the others.
    const part = audience === 'everyone' ? '' : `#${audience}`;
    // The same alert mailed again on news is a delivery of its own (a retry of this run resumes it).
    const again = plan.send === 'alert' && plan.again ? `@${request.scheduledTime ?? nowLocal}` : '';
    const delivery = await deliverResumably(ports.mailer, mail, to.recipients, {
      key: key !== undefined ? `${plan.send}@${key}${again}${part}` : undefined,
      ledger: store && deliveryLedgerOf(store, check, audience),
    });
    ports.count(METRIC.mailsSent, delivery.sentNow);
    messageIds.push(...delivery.messageIds);
    recipients += to.recipients.length;
    cut += to.cut;
  }
  await remember();
  return { ...base, decision: plan.send === 'resolved' ? 'resolved-sent' : 'sent', reason, messageIds, recipients, ...cutOf(cut) };
}

/** A dry run shows each mail even when nobody would receive it, and says so. */
function dryRunResult(
  base: Pick<ModeResult, 'figures'>,
  reason: string,
  mails: readonly AddressedMail[],
  recipientsOf: (audience: Audience) => Recipients
): ModeResult {
  const warnings: string[] = [];
  const shown = mails.map(({ audience, mail }) => {
    try {
      const { recipients, cut } = recipientsOf(audience);
      return { ...mail, to: recipients, audience, cut };
    } catch (error) {
      if (!(error instanceof NoRecipientsError)) throw error;
      warnings.push(error.message);
      return { ...mail, to: [] as readonly string[], audience, cut: 0 };
    }
  });
  const [first] = shown;
  const cut = shown.reduce((n, m) => n + m.cut, 0);
  return {
    ...base,
    decision: 'would-send',
    reason,
    messageIds: [],
    recipients: shown.reduce((n, m) => n + m.to.length, 0),
    ...cutOf(cut),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(first ? { mail: { subject: first.subject, html: first.html, text: first.text, to: first.to } } : {}),
    ...(shown.length > 1 ? { mails: shown.map(({ cut: _cut, ...m }) => m) } : {}),
  };
}

/** Runs one check in the mode the event asks for, on the given ports. */
export function runCheck(
  check: CheckName,
  runner: CheckRunner,
  request: RunEvent,
  config: FunctionConfig,
  ports: CheckPorts,
  now: Date
): Promise<ModeResult> {
  return request.mode === 'test' ? sendTestMail(check, config, ports, now) : notify(check, runner, request, config, ports, now);
}
