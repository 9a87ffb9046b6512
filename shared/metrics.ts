import { Metrics } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from './env-names';
import { logger } from './logger';
import { metricsNamespaceOf } from './metrics-namespace';

/**
 * The one Metrics instance (EMF lines in the function's log, flushed after
 * each run), in the namespace the stack set for this function. Its own
 * warnings go through the structured logger.
 */
export const metrics = new Metrics({ namespace: metricsNamespaceOf(process.env), serviceName: SERVICE_NAME, logger });
