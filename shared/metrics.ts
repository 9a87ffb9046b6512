import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './env-names';
import { logger } from './logger';

/**
 * The one Metrics instance (EMF lines in the function's log, flushed after
 * each run). Its own warnings go through the structured logger.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
