import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckName } from '../checks/decision';
import type { NoticeState } from '../checks/notice-plan';

/** Where the notification state of each check is kept between runs. */
export interface NoticeStateStore {
  get(check: CheckName): Promise<NoticeState | undefined>;
  put(check: CheckName, state: NoticeState): Promise<void>;
}

/** Item id of a check's state, beside the idempotency records in the same table. */
const idOf = (check: CheckName) => `notice#${check}`;

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
        lastKey: typeof Item.lastKey === 'string' ? Item.lastKey : undefined,
      };
    },
    async put(check, state) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { id: idOf(check), ...state, updatedAt: new Date().toISOString() },
        })
      );
    },
  };
}
