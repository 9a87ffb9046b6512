import type { LogSink } from '../logger';
import { describeMailEvent } from './describe-mail-event';

/** Where the readable notices go: the operators' topic (a port, for tests). */
export interface OperatorChannel {
  publish(subject: string, message: string): Promise<void>;
}

/** What one invocation relayed (returned by the handler; no addresses). */
export interface RelaySummary {
  readonly relayed: number;
  readonly eventTypes: readonly string[];
}

/**
 * Relays the SES events of an SNS delivery to the operators, one readable
 * notice per record. A record whose message is not a string (or an event
 * that is not an SNS delivery at all) is still relayed, as an unreadable
 * event: nothing that arrives is dropped. A failed publish throws, so Lambda
 * retries the invocation and finally sends it to the on-failure queue.
 */
export async function relayMailEvents(
  event: unknown,
  deps: { readonly channel: OperatorChannel; readonly log: LogSink; readonly timeZone: string }
): Promise<RelaySummary> {
  const eventTypes: string[] = [];
  for (const message of messagesOf(event)) {
    const notice = describeMailEvent(message, deps.timeZone);
    await deps.channel.publish(notice.subject, notice.message);
    // Type and SES message id only: the sentence names (masked) recipients, which the logs do not need.
    deps.log.info('Mail event relayed', { eventType: notice.eventType, sesMessageId: notice.sesMessageId });
    eventTypes.push(notice.eventType);
  }
  return { relayed: eventTypes.length, eventTypes };
}

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
