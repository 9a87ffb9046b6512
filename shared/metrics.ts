import { Metrics } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';

/** CloudWatch namespace of the notifier's metrics (the dashboard reads it). */
export const METRICS_NAMESPACE = 'SeiPiNotifier';

/**
 * The one Metrics instance (EMF lines in the function's log, flushed after
 * each run). Its own warnings go through the structured logger.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'sei-pi-notifier', logger });
