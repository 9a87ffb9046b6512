/**
 * Public surface of the infrastructure package: the reusable construct and
 * the pieces it is built from.
 */
export * from './notifier';
export * from './stack';
export * from './check-function';
export * from './failure-queue';
export * from './operator-alerts';
export * from './mail-events';
export * from './state-table';
export * from './dashboard';
export {
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigProblem,
  DEFAULTS,
  EXAMPLES,
  type NotifierConfig,
  NotifierConfigError,
  parseNotifierConfig,
} from './config';
export { type NotifierContext, readNotifierContext } from './context';
