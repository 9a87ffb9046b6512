import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './env-names';

/** The one logger of the notifier (structured JSON lines in CloudWatch). */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/** The part of a logger the notifier's logic uses (easy to pass in tests). */
export interface LogSink {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}
