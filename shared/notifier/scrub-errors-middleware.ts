import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import { scrubError } from './scrub-error';

/**
 * middy middleware: a failed run logs one line (`message`, the `fields`, the
 * error's class and masked message) and rethrows a clean copy of the error
 * (SES errors name recipients: neither the log, the runtime's "Invoke Error"
 * line nor the failed-run queue may carry them).
 */
export function scrubErrors(
  logger: Pick<Logger, 'error'>,
  message: string,
  fields: Readonly<Record<string, unknown>> = {}
): middy.MiddlewareObj {
  return {
    onError: async (request) => {
      const error = scrubError(request.error);
      logger.error(message, { ...fields, errorName: error.name, errorMessage: error.message });
      request.error = error;
    },
  };
}
