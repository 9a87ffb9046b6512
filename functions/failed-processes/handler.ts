import { createCheckHandler } from '../../shared/notifier/check-handler';
import { runFailedProcessesCheck } from '../../shared/notifier/failed-processes';

/** Lambda entry: which processes of the last publishing cycle failed, and why. */
export const handler = createCheckHandler('failed-processes', (reader, config, now, _log, history) =>
  runFailedProcessesCheck(reader, config, now, history)
);
