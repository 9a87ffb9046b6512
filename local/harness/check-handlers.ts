import type { Context } from 'aws-lambda';
import type { CheckName } from '../../shared/checks/decision';
import type { RunSummary } from '../../shared/notifier/run-summary';

/** A check handler as Lambda calls it. */
export type CheckHandler = (event: unknown, context: Context) => Promise<RunSummary>;

/**
 * Imports the real Lambda handlers (same code path as in AWS). They read
 * their configuration at import: set the environment first.
 */
export async function importCheckHandlers(): Promise<Record<CheckName, CheckHandler>> {
  const [failed, stalled] = await Promise.all([
    import('../../functions/failed-processes/handler'),
    import('../../functions/stalled-packages/handler'),
  ]);
  return {
    'failed-processes': failed.handler as unknown as CheckHandler,
    'stalled-packages': stalled.handler as unknown as CheckHandler,
  };
}

export const CHECKS: readonly CheckName[] = ['failed-processes', 'stalled-packages'];
