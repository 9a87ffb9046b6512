import { createCheckHandler } from '../../shared/notifier/check-handler';
import { runStalledPackagesCheck } from '../../shared/notifier/stalled-packages';

/** Lambda entry: nothing has reached the Protocolo Integrado for N days, and why that may be. */
export const handler = createCheckHandler('stalled-packages', runStalledPackagesCheck);
