import { asError } from '../errors';
import { maskEmails } from './mask-emails';

/** How deep a chain of causes is kept. */
const MAX_CAUSES = 5;

/**
 * A clean copy of a thrown error for the logs and the failed-run queue: the
 * same class, name, masked message and stack, and the cause chain cleaned the
 * same way, nothing else. SES errors carry more own properties (e.g.
 * `Error.Message`, naming recipients) and the Lambda runtime's "Invoke Error"
 * line serializes every own property of what the handler throws.
 */
export function scrubError(error: unknown, depth = 0): Error {
  const e = asError(error);
  const clean = Object.create(Object.getPrototypeOf(e) as object) as Error;
  const own = (key: string, value: unknown) =>
    Object.defineProperty(clean, key, { value, writable: true, configurable: true, enumerable: key !== 'stack' });
  own('name', e.name);
  own('message', maskEmails(e.message));
  own('stack', e.stack === undefined ? undefined : maskEmails(e.stack));
  if (e.cause !== undefined && depth < MAX_CAUSES) own('cause', scrubError(e.cause, depth + 1));
  return clean;
}
