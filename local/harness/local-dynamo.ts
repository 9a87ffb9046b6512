import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A local DynamoDB (npm `dynalite`, in memory) with the notifier's state table. */
export interface LocalDynamo {
  /** Endpoint for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly url: string;
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** Creates another empty state table (a clean slate for a test). */
  createTable(name: string): Promise<void>;
  /** Deletes every item of the default table. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Starts dynalite on a free loopback port and creates the table as the stack does. */
export async function startLocalDynamo(tableName = 'sei-pi-notifier-state'): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  async function createTable(name: string): Promise<void> {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      })
    );
    // The stack also sets TTL on `expiration`; dynalite has no UpdateTimeToLive
    // (records just never expire here, which no test relies on).
  }
  await createTable(tableName);
  return {
    url,
    tableName,
    client,
    createTable,
    async clear() {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'id' }));
      for (const item of Items) await client.send(new DeleteItemCommand({ TableName: tableName, Key: { id: item.id! } }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        client.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
