/**
 * `FailureQueue`: an SQS queue that only collects failed runs (a dead-letter
 * queue or a Lambda on-failure destination), encrypted and TLS-only.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Properties of a {@link FailureQueue}. */
export interface FailureQueueProps {
  /**
   * What sends failed runs to this queue; it becomes the reason of the
   * cdk-nag SQS3 acknowledgement ("queue without its own DLQ").
   */
  readonly collects: string;
}

/**
 * Encrypted (SSE-SQS), TLS-only queue that keeps messages for 14 days (the
 * maximum), so operators have time to read a failed run after the alarm.
 */
export class FailureQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id, {
      // SSE-SQS: no key to manage, and the scheduler / Lambda need no KMS grant to send.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // cdk-nag only recognises a queue as a DLQ when another queue's redrive
    // policy or a Lambda DeadLetterConfig points at it, not a scheduler DLQ or
    // a Lambda on-failure destination.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        `This queue is itself the dead-letter destination of ${props.collects}; ` +
        'nothing consumes it automatically, so a DLQ of its own would have nothing to catch.',
    });
  }
}
