import type { SendingFigures } from './figures';
import type { NoticeState } from './notice-plan';

/**
 * What the stalled check remembers between runs, put back into the figures
 * it reads: the SEI tables keep only the newest value of each row.
 */

/**
 * The figures with what this check has seen that the table overwrites:
 * - the newest answer of the web service: the table keeps only each
 *   package's newest try, so a failure re-stamping the packages that last
 *   got an answer (`EN` → `FI`) erases the evidence of that answer; the
 *   later of the two is the web service's last answer;
 * - when the last completed run started (the scheduler's next start
 *   overwrites it): how long a run takes, for one now in progress.
 */
export function withRemembered(figures: SendingFigures, previous: NoticeState | undefined): SendingFigures {
  const remembered = previous?.seen?.lastAnswer;
  // Local timestamps as stored (YYYY-MM-DD HH:MM:SS) sort as text.
  const lastAnswer =
    remembered === undefined || (figures.lastAnswer !== undefined && figures.lastAnswer >= remembered) ? figures.lastAnswer : remembered;
  return { ...figures, lastAnswer, completedRunStart: completedRunOf(figures, previous)?.start };
}

/**
 * The run that ended at the module's last end, with its start: seen now
 * (the scheduler's last start is before that end), or remembered from a
 * check that saw it before the next run started.
 */
export function completedRunOf(figures: SendingFigures, previous: NoticeState | undefined): { start: string; end: string } | undefined {
  const start = figures.publishingTask?.lastStart;
  const end = figures.lastRunEnd;
  if (start !== undefined && end !== undefined && start <= end) return { start, end };
  const remembered = previous?.seen?.completedRun;
  return remembered !== undefined && remembered.end === end ? remembered : undefined;
}
