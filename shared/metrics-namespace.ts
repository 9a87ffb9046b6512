import { METRICS_NAMESPACE } from './env-names';

/** Variable the stack sets to the metric namespace of its own (one per stack). */
export const METRICS_NAMESPACE_ENV = 'POWERTOOLS_METRICS_NAMESPACE';

/**
 * The namespace the functions publish their metrics in: the one the stack
 * set in {@link METRICS_NAMESPACE_ENV} (each stack its own, so homologação and
 * produção never mix on a dashboard or a dead-man's switch), else the
 * default {@link METRICS_NAMESPACE} (local runs).
 */
export function metricsNamespaceOf(env: NodeJS.ProcessEnv): string {
  return env[METRICS_NAMESPACE_ENV]?.trim() || METRICS_NAMESPACE;
}
