/**
 * cdk-nag wiring: the AwsSolutions pack runs on every synth of the app (a
 * finding fails it), and the acknowledged findings are exactly the reviewed
 * ones, each with a reason. No bundling here.
 */

import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, appWithoutBundling, FULL_CONTEXT, REGION } from './fixtures';

/** Every acknowledgement in the tree: construct path → rule id → reason. */
function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        }))
      )
  );
}

describe('cdk-nag', () => {
  it('runs on every synth of the app: a non-compliant resource fails it', () => {
    const { app, stack } = appWithoutBundling(FULL_CONTEXT);
    new sqs.Queue(stack, 'UnencryptedProbe', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS(2|3|4)/);
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const { app, stack } = appWithoutBundling(FULL_CONTEXT);
    const n = stack.notifier;
    // The scheduler role invokes the unqualified function ARNs only: no `<function>:*` to acknowledge.
    const found = acknowledgements(app).map(({ path, id, reason }) => {
      expect(reason.length).toBeGreaterThan(40);
      return `${path} ${id}`;
    });
    expect(found.sort()).toEqual(
      [
        `${n.scheduleDeadLetterQueue.node.path} AwsSolutions-SQS3`,
        `${n.failedRunQueue.node.path} AwsSolutions-SQS3`,
        ...[n.failedProcesses, n.stalledPackages].map(
          (check) => `${check.role.node.path} AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:${REGION}:${ACCOUNT}:identity/*]`
        ),
      ].sort()
    );
  });
});
