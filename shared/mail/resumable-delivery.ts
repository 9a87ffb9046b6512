import { createHash } from 'node:crypto';
import type { Mail } from './document';
import type { Mailer } from './ses-mailer';

/**
 * How far the delivery of one mail got: a mail to more than 50 recipients
 * goes out in several messages, and a retry after a failed batch must not
 * send the earlier ones again.
 */
export interface DeliveryProgress {
  /** Which mail: its kind and what it is about (failure window or scheduled run). */
  readonly key: string;
  readonly messageIds: readonly string[];
  /** SHA-256 of each recipient (lower case) already sent to: no addresses at rest. */
  readonly sentTo: readonly string[];
}

/** Where the progress of the current delivery is kept between attempts. */
export interface DeliveryLedger {
  get(): Promise<DeliveryProgress | undefined>;
  put(progress: DeliveryProgress): Promise<void>;
}

/** A recipient's SHA-256 (lower case): enough to recognise it again, without keeping the address. */
export function recipientHash(address: string): string {
  return createHash('sha256').update(address.toLowerCase()).digest('hex');
}

/** What a delivery did: every message id of this mail so far, and how many went out in this call. */
export interface DeliveryResult {
  readonly messageIds: readonly string[];
  readonly sentNow: number;
}

/**
 * Sends a mail so that it can be resumed: with a ledger and a key, each
 * batch sent is recorded, and a retry of the same mail (same key) sends only
 * to the recipients the earlier attempt did not reach.
 */
export async function deliverResumably(
  mailer: Mailer,
  mail: Mail,
  recipients: readonly string[],
  options: { readonly key?: string; readonly ledger?: DeliveryLedger }
): Promise<DeliveryResult> {
  const { key, ledger } = options;
  const tracked = ledger !== undefined && key !== undefined;
  const progress = tracked ? await ledger.get() : undefined;
  const earlier = progress !== undefined && progress.key === key ? progress : { messageIds: [], sentTo: [] };
  const reached = new Set(earlier.sentTo);
  const messageIds = [...earlier.messageIds];
  const sentTo = [...earlier.sentTo];
  const before = messageIds.length;
  await mailer.send(
    mail,
    recipients.filter((r) => !reached.has(recipientHash(r))),
    {
      onBatchSent: async (batch, messageId) => {
        messageIds.push(messageId);
        sentTo.push(...batch.map(recipientHash));
        if (tracked) await ledger.put({ key, messageIds, sentTo });
      },
    }
  );
  return { messageIds, sentNow: messageIds.length - before };
}
