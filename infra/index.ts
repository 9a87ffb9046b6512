/**
 * Public surface of the infrastructure package: the reusable construct and
 * the pieces it is built from.
 */

export * from './check-function';
export {
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigProblem,
  DEFAULTS,
  type DeploymentConfig,
  DeploymentConfigError,
  EXAMPLES,
  parseDeploymentConfig,
} from './config';
export { type NotifierContext, readNotifierContext } from './context';
export * from './dashboard';
export * from './failure-queue';
export * from './mail-events';
export * from './notifier';
export * from './operator-alerts';
export * from './stack';
export * from './state-table';
