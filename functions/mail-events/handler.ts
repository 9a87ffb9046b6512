import { createMailEventsHandler } from '../../shared/mail-events/mail-events-handler';

/** Lambda entry: each SES delivery problem (bounce, complaint, reject, rendering failure, delay) as one readable alert. */
export const handler = createMailEventsHandler();
