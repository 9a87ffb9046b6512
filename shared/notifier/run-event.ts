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

/** An ISO-8601 instant, as EventBridge Scheduler writes `<aws.scheduler.scheduled-time>`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const schema = z.looseObject({
  mode: z.optional(z.enum(['run', 'dry-run', 'test'])),
  // Bounded before any work: it keys the idempotency record and the delivery progress.
  scheduledTime: z.optional(
    z.string().check(
      z.maxLength(40),
      z.regex(ISO_INSTANT),
      z.refine((v) => !Number.isNaN(Date.parse(v)))
    )
  ),
});

/** Reads the invocation event; anything but an object with known modes is refused. */
export function parseRunEvent(event: unknown): RunEvent {
  const result = schema.safeParse(event ?? {});
  if (!result.success) {
    throw new NotifierError(
      'Evento inválido: esperado {} ou {"mode": "dry-run"} ou {"mode": "test"} (ou o evento do agendamento, com scheduledTime num instante ISO-8601, ex.: "2026-11-29T20:00:00Z").'
    );
  }
  return { mode: result.data.mode ?? 'run', scheduledTime: result.data.scheduledTime };
}

/** Whether an event asks for a real run (the schedules' events, or `{}`); a malformed one is not. */
export function isRealRun(event: unknown): boolean {
  const result = schema.safeParse(event ?? {});
  return result.success && (result.data.mode ?? 'run') === 'run';
}
