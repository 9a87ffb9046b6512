import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { batchRecipients } from '../sei/recipient-list';
import type { Mail } from './document';
import { buildMimeMessage } from './mime';

/** Following a delivery batch by batch (to resume it after a failure). */
export interface DeliveryOptions {
  /** Called after each message goes out, with its recipients and SES message id. */
  readonly onBatchSent?: (batch: readonly string[], messageId: string) => Promise<void>;
}

/** What the notifier needs to deliver a mail. */
export interface Mailer {
  /** Sends `mail` to every recipient; returns one SES message id per message sent in this call. */
  send(mail: Mail, recipients: readonly string[], options?: DeliveryOptions): Promise<string[]>;
}

export interface SesMailerOptions {
  /** Verified SES identity (`MAIL_FROM`). */
  readonly from: string;
  /** SES configuration set that tracks delivery, when there is one. */
  readonly configurationSet?: string;
}

/**
 * Sends through the SES v1 API as raw MIME (for the `Auto-Submitted` header),
 * in messages of at most 50 recipients (the SES limit). A failing batch
 * throws after earlier batches went out: the run fails loudly and Lambda
 * retries it.
 */
export function createSesMailer(client: SESClient, options: SesMailerOptions): Mailer {
  return {
    async send(mail, recipients, delivery = {}) {
      const ids: string[] = [];
      for (const batch of batchRecipients(recipients)) {
        const output = await client.send(
          new SendRawEmailCommand({
            Source: options.from,
            Destinations: batch,
            ConfigurationSetName: options.configurationSet,
            RawMessage: { Data: new TextEncoder().encode(buildMimeMessage(mail, { from: options.from, to: batch })) },
          })
        );
        ids.push(output.MessageId ?? '');
        await delivery.onBatchSent?.(batch, output.MessageId ?? '');
      }
      return ids;
    },
  };
}
