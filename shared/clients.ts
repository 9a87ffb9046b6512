import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SESClient } from '@aws-sdk/client-ses';

/**
 * AWS clients, created once per Lambda container. Endpoints come only from
 * the SDK's standard variables (`AWS_ENDPOINT_URL_RDS_DATA`,
 * `AWS_ENDPOINT_URL_SES`), which is how the local bridge is reached.
 */
export interface AwsClients {
  readonly rdsData: RDSDataClient;
  readonly ses: SESClient;
}

export function createAwsClients(): AwsClients {
  return {
    rdsData: new RDSDataClient({}),
    // Throttling ("Maximum sending rate exceeded") is retried by the SDK;
    // a few more attempts ride out a short burst.
    ses: new SESClient({ maxAttempts: 5 }),
  };
}
