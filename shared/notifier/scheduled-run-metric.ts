import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckName } from '../checks/decision';
import { CHECK_DIMENSION, METRIC } from '../metric-names';
import type { RunEvent } from './run-event';

/**
 * The dead-man's switch's heartbeat: when a run that the schedule started
 * completes, one `ScheduledRunCompleted` = 1 for that check, flushed at once
 * (dimensions `service` and `check`). A run from the console (`{}`, dry-run,
 * test) carries no scheduled time and emits nothing, so it can neither
 * silence the switch while the schedule is off nor count as a schedule.
 *
 * @returns whether the heartbeat was emitted
 */
export function emitScheduledRunCompleted(metrics: Metrics, check: CheckName, request: RunEvent): boolean {
  if (request.mode !== 'run' || request.scheduledTime === undefined) return false;
  const single = metrics.singleMetric();
  single.addDimension(CHECK_DIMENSION, check);
  single.addMetric(METRIC.scheduledRunCompleted, MetricUnit.Count, 1);
  return true;
}
