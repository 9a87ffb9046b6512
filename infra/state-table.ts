/**
 * `StateTable`: the DynamoDB table both checks share for their Powertools
 * idempotency records (one per scheduled occurrence, keyed on its
 * `scheduledTime`) and their notification state (items
 * `notice#failed-processes` and `notice#stalled-packages`: which cycle was
 * last mailed, since when an alert is active).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** Partition key: the Powertools DynamoDB persistence layer's default (`id`, a string). */
export const STATE_TABLE_PARTITION_KEY = 'id';

/**
 * TTL attribute: the Powertools idempotency default (`expiration`, epoch
 * seconds). Expired idempotency records are removed by DynamoDB; the notice
 * items have no such attribute and stay.
 */
export const STATE_TABLE_TTL_ATTRIBUTE = 'expiration';

/**
 * On-demand table, partition key `id`, TTL on `expiration`, encrypted with the
 * AWS-managed key `aws/dynamodb`, point-in-time recovery on, removed with the
 * stack.
 *
 * - Encryption: the AWS-managed key (rather than the AWS-owned default) puts
 *   every use of the key in CloudTrail and needs no key policy nor KMS grant
 *   (it serves any principal of the account that DynamoDB lets read the
 *   table). A customer-managed key would add a key to run for data that is
 *   only run bookkeeping: event hashes, timestamps and the run summaries.
 * - Point-in-time recovery: an accidental overwrite of the notice state can
 *   be undone (and cdk-nag AwsSolutions-DDB3 is satisfied); the table holds a
 *   few kilobytes, so it costs next to nothing.
 * - Removal: DESTROY. Losing the contents costs at most one duplicate mail
 *   (an idempotency record) or one missed "Resolvido" notice (the state);
 *   a retained table would be an orphan with a generated name that no later
 *   deploy would reuse. With PITR on, DynamoDB still keeps a system backup of
 *   a deleted table for 35 days.
 */
export class StateTable extends dynamodb.Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: STATE_TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      // A handful of reads and writes a day: on-demand costs nothing at rest.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: STATE_TABLE_TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
