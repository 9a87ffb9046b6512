import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, created once per Lambda container. Endpoints come only from
 * the SDK's standard variables (`AWS_ENDPOINT_URL_RDS_DATA`,
 * `AWS_ENDPOINT_URL_SES`, `AWS_ENDPOINT_URL_DYNAMODB`), which is how the
 * local bridge, SES and DynamoDB are reached.
 */
export interface AwsClients {
  readonly rdsData: RDSDataClient;
  readonly ses: SESClient;
  readonly dynamo: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
}

export function createAwsClients(): AwsClients {
  const dynamo = new DynamoDBClient({});
  return {
    rdsData: new RDSDataClient({}),
    // Throttling ("Maximum sending rate exceeded") is retried by the SDK;
    // a few more attempts ride out a short burst.
    ses: new SESClient({ maxAttempts: 5 }),
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
  };
}
