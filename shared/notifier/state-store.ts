import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckName } from '../checks/decision';
import type { Audience } from '../checks/figures';
import type { NoticeState, SeenState } from '../checks/notice-plan';
import type { DeliveryLedger, DeliveryProgress } from '../mail/resumable-delivery';

/** Where the notification state of each check is kept between runs. */
export interface NoticeStateStore {
  get(check: CheckName): Promise<NoticeState | undefined>;
  put(check: CheckName, state: NoticeState): Promise<void>;
  /** Progress of the current delivery of a check's mail to one audience (each team's part apart). */
  getDelivery(check: CheckName, audience?: Audience): Promise<DeliveryProgress | undefined>;
  putDelivery(check: CheckName, progress: DeliveryProgress, audience?: Audience): Promise<void>;
}

const optionalText = (v: unknown) => (typeof v === 'string' ? v : undefined);
const optionalNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What a check saw, as stored; anything unreadable is left out. */
function seenOf(value: unknown): SeenState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const item = value as Record<string, unknown>;
  return {
    lastAnswer: optionalText(item.lastAnswer),
    maxAttempts: optionalNumber(item.maxAttempts),
    windowStart: optionalText(item.windowStart),
    completedRun: runOf(item.completedRun),
  };
}

/** A completed run as stored: both ends, or nothing. */
function runOf(value: unknown): SeenState['completedRun'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { start, end } = value as Record<string, unknown>;
  return typeof start === 'string' && typeof end === 'string' ? { start, end } : undefined;
}

/** Item id of a check's state, beside the idempotency records in the same table. */
const idOf = (check: CheckName) => `notice#${check}`;
const deliveryIdOf = (check: CheckName, audience: Audience = 'everyone') =>
  audience === 'everyone' ? `delivery#${check}` : `delivery#${check}#${audience}`;

/**
 * The state in DynamoDB (the stack's table, shared with the idempotency
 * records). Reads are strongly consistent: a retry right after a mail must
 * see that the mail went out.
 */
export function createDynamoNoticeStore(client: DynamoDBDocumentClient, tableName: string): NoticeStateStore {
  return {
    async get(check) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { id: idOf(check) }, ConsistentRead: true }));
      if (!Item || (Item.status !== 'alerting' && Item.status !== 'ok') || typeof Item.since !== 'string') return undefined;
      return {
        status: Item.status,
        since: Item.since,
        lastKey: optionalText(Item.lastKey),
        alertedSince: optionalText(Item.alertedSince),
        alerted: Array.isArray(Item.alerted) ? Item.alerted.map(String) : undefined,
        checkedAt: optionalText(Item.checkedAt),
        alertedAt: optionalText(Item.alertedAt),
        alertedCount: optionalNumber(Item.alertedCount),
        // State written by older versions has none: the table alone decides then.
        seen: seenOf(Item.seen),
      };
    },
    async put(check, state) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          // Plain JSON: DynamoDB refuses undefined values.
          Item: { id: idOf(check), ...JSON.parse(JSON.stringify(state)), updatedAt: new Date().toISOString() },
        })
      );
    },
    async getDelivery(check, audience) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { id: deliveryIdOf(check, audience) }, ConsistentRead: true })
      );
      if (!Item || typeof Item.key !== 'string' || !Array.isArray(Item.messageIds) || !Array.isArray(Item.sentTo)) {
        return undefined;
      }
      return { key: Item.key, messageIds: Item.messageIds.map(String), sentTo: Item.sentTo.map(String) };
    },
    async putDelivery(check, progress, audience) {
      await client.send(new PutCommand({ TableName: tableName, Item: { id: deliveryIdOf(check, audience), ...progress } }));
    },
  };
}

/** The delivery ledger of one check, in its state store. */
export function deliveryLedgerOf(store: NoticeStateStore, check: CheckName, audience: Audience = 'everyone'): DeliveryLedger {
  return { get: () => store.getDelivery(check, audience), put: (progress) => store.putDelivery(check, progress, audience) };
}
