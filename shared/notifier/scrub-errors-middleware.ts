import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { CheckName } from '../checks/decision';
import { scrubError } from './scrub-error';

/**
 * middy middleware: a failed run logs one line and rethrows a clean copy of
 * the error (SES errors name recipients: neither the log, the runtime's
 * "Invoke Error" line nor the failed-run queue may carry them).
 */
export function scrubErrors(check: CheckName, logger: Pick<Logger, 'error'>): middy.MiddlewareObj {
  return {
    onError: async (request) => {
      const error = scrubError(request.error);
      logger.error('Check failed', { check, errorName: error.name, errorMessage: error.message });
      request.error = error;
    },
  };
}
