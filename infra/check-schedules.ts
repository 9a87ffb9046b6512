/**
 * `CheckSchedules`: EventBridge Scheduler → the check functions. One schedule
 * group, one role the Scheduler assumes (only for this group, in this
 * account), and one cron schedule per check, in SEI's time zone, whose input
 * carries the scheduled time (the functions' idempotency key).
 */
import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CheckFunction } from './check-function';

/**
 * `LambdaInvoke` whose role may invoke the function's unqualified ARN only.
 * The L2 grants `lambda:InvokeFunction` on `<function>` and `<function>:*`
 * (every version and alias); the schedules call the unqualified ARN, so the
 * second resource (and the cdk-nag acknowledgement it needed) is not needed.
 */
class UnqualifiedLambdaInvoke extends LambdaInvoke {
  constructor(
    private readonly target: lambda.IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1]
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }));
  }
}

/**
 * Scheduler retry policy for delivering the (asynchronous) Invoke call. The
 * function's own errors are retried by Lambda, not here; this only covers
 * Lambda refusing the call (throttling, service errors). Retries with
 * exponential backoff for up to 6 hours, then the event goes to the DLQ.
 */
const SCHEDULER_RETRY_ATTEMPTS = 10;
const SCHEDULER_MAX_EVENT_AGE = Duration.hours(6);

/** One check and when to run it. */
export interface ScheduledCheck {
  /** Construct id of its schedule, e.g. `FailedProcessesSchedule`. */
  readonly id: string;
  readonly check: CheckFunction;
  /** EventBridge Scheduler cron expression, e.g. `cron(0 17 * * ? *)`, in {@link CheckSchedulesProps.timeZone}. */
  readonly cron: string;
  /** Shown in the console (pt-BR). */
  readonly description: string;
}

/** Properties of {@link CheckSchedules}. */
export interface CheckSchedulesProps {
  /** The checks to invoke, each on its own cron. At least one; ids unique. */
  readonly checks: readonly ScheduledCheck[];
  /** IANA time zone of every cron (SEI's zone). */
  readonly timeZone: string;
  /**
   * Whether the schedules are deployed enabled.
   * @default true
   */
  readonly enabled?: boolean;
  /** Where the Scheduler puts Invoke calls it could not deliver after its retries. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** EventBridge Scheduler → the check functions. */
export class CheckSchedules extends Construct {
  /** Schedule group holding every schedule. */
  public readonly group: ScheduleGroup;
  /** Role the Scheduler assumes to invoke the functions. */
  public readonly role: iam.Role;
  /** The schedules, by {@link ScheduledCheck.id}. */
  public readonly schedules: Readonly<Record<string, Schedule>>;

  constructor(scope: Construct, id: string, props: CheckSchedulesProps) {
    super(scope, id);
    const ids = props.checks.map((c) => c.id);
    if (ids.length === 0) throw new Error('CheckSchedules: informe ao menos uma verificação em checks.');
    if (new Set(ids).size !== ids.length) throw new Error(`CheckSchedules: ids repetidos em checks (${ids.join(', ')}).`);

    const stack = Stack.of(this);
    this.group = new ScheduleGroup(this, 'Group', {
      // The generated name is deterministic: a group retained by `cdk destroy`
      // would make the next deploy fail with "already exists".
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      description: `EventBridge Scheduler invokes the checks of ${scope.node.path}`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    const timeZone = TimeZone.of(props.timeZone);
    const schedules: Record<string, Schedule> = {};
    for (const { id: scheduleId, check, cron, description } of props.checks) {
      const schedule = new Schedule(this, scheduleId, {
        scheduleGroup: this.group,
        description,
        schedule: ScheduleExpression.expression(cron, timeZone),
        timeWindow: TimeWindow.off(),
        enabled: props.enabled ?? true,
        target: new UnqualifiedLambdaInvoke(check.function, {
          role: this.role,
          // The scheduled time is the same on every retry of one occurrence:
          // the functions use it as their idempotency key.
          input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: SCHEDULER_RETRY_ATTEMPTS,
          maxEventAge: SCHEDULER_MAX_EVENT_AGE,
        }),
      });
      // The schedule names its group by a literal name: make the order explicit.
      schedule.node.addDependency(this.group);
      schedules[scheduleId] = schedule;
    }
    this.schedules = schedules;
  }
}
