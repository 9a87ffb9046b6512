import type { LogSink } from '../logger';
import { scrubError } from '../notifier/scrub-error';
import { describeMailEvent, type MailEventNotice } from './describe-mail-event';

/** Where the readable notices go: the operators' topic (a port, for tests). */
export interface OperatorChannel {
  publish(subject: string, message: string): Promise<void>;
}

/**
 * A notice the operators' topic refused, as kept for a retry by hand: the
 * masked subject and message (exactly what was to be published), never the
 * raw SES event, which names recipients.
 */
export interface ParkedNotice extends MailEventNotice {
  /** Why the publish failed, addresses masked. */
  readonly error: string;
}

/** Where a notice the topic refused is kept (the failed-run queue). */
export interface ParkingQueue {
  park(notice: ParkedNotice): Promise<void>;
}

/** What one invocation relayed (returned by the handler; no addresses). */
export interface RelaySummary {
  readonly relayed: number;
  readonly eventTypes: readonly string[];
  /** Notices the topic refused, kept in the failed-run queue instead (only when some were). */
  readonly parked?: number;
}

/**
 * Relays the SES events of an SNS delivery to the operators, one readable
 * notice per record. A record whose message is not a string (or an event
 * that is not an SNS delivery at all) is still relayed, as an unreadable
 * event: nothing that arrives is dropped.
 *
 * A publish the topic refuses (after the SDK's own retries) is kept in the
 * parking queue as the masked notice, so the failed-run queue never holds the
 * raw event and its addresses. Only when there is no parking queue, or it
 * refuses too, does the invocation throw (Lambda retries it).
 */
export async function relayMailEvents(
  event: unknown,
  deps: { readonly channel: OperatorChannel; readonly log: LogSink; readonly timeZone: string; readonly parking?: ParkingQueue }
): Promise<RelaySummary> {
  const eventTypes: string[] = [];
  let parked = 0;
  for (const message of messagesOf(event)) {
    const notice = describeMailEvent(message, deps.timeZone);
    // Type and SES message id only: the sentence names (masked) recipients, which the logs do not need.
    const logged = { eventType: notice.eventType, sesMessageId: notice.sesMessageId };
    try {
      await deps.channel.publish(notice.subject, notice.message);
      deps.log.info('Mail event relayed', logged);
    } catch (error) {
      if (!deps.parking) throw error;
      const reason = scrubError(error);
      await deps.parking.park({ ...notice, error: `${reason.name}: ${reason.message}`.slice(0, MAX_ERROR) });
      deps.log.warn('Mail event parked in the failed-run queue', { ...logged, errorName: reason.name });
      parked++;
    }
    eventTypes.push(notice.eventType);
  }
  return { relayed: eventTypes.length - parked, eventTypes, ...(parked > 0 ? { parked } : {}) };
}

/** The error text kept with a parked notice, at most. */
const MAX_ERROR = 500;

/** The SNS messages of the event (SNS delivers one record per invocation). */
function messagesOf(event: unknown): string[] {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return [safeJson(event)];
  return records.map((record) => {
    const message = (record as { Sns?: { Message?: unknown } } | null)?.Sns?.Message;
    return typeof message === 'string' ? message : safeJson(record);
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
