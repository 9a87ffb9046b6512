import * as z from 'zod/mini';
import { NotifierError } from '../errors';

/**
 * The event a check function receives. The schedules send
 * `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`; from the Lambda
 * console an operator may send `{"mode": "dry-run"}` (decide and show the
 * mail, send nothing) or `{"mode": "test"}` (send a marked test mail).
 */
export interface RunEvent {
  readonly mode: 'run' | 'dry-run' | 'test';
  readonly scheduledTime?: string;
}

const schema = z.looseObject({
  mode: z.optional(z.enum(['run', 'dry-run', 'test'])),
  scheduledTime: z.optional(z.string()),
});

/** Reads the invocation event; anything but an object with known modes is refused. */
export function parseRunEvent(event: unknown): RunEvent {
  const result = schema.safeParse(event ?? {});
  if (!result.success) {
    throw new NotifierError(
      'Evento inválido: esperado {} ou {"mode": "dry-run"} ou {"mode": "test"} (ou o evento do agendamento, com scheduledTime).'
    );
  }
  return { mode: result.data.mode ?? 'run', scheduledTime: result.data.scheduledTime };
}
