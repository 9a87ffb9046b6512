/**
 * Error hierarchy of the notifier. Every error the notifier raises on purpose
 * extends {@link NotifierError}, keeps its `cause`, and carries a message an
 * SEI administrator can act on (in Portuguese: it ends up in their logs).
 */
export class NotifierError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The function's environment (or the CLI options) holds a missing or malformed value; the deployment's own is infra/config.ts' DeploymentConfigError. */
export class FunctionConfigError extends NotifierError {}

/** The SEI database lacks a table the checks read. */
export class ModuleNotInstalledError extends NotifierError {}

/** The database user may not read a table the checks need (a GRANT is missing). */
export class MissingGrantError extends NotifierError {}

/** Nobody would receive the notification: a run must not look successful. */
export class NoRecipientsError extends NotifierError {}

/** The database could not answer within the time the run has left. */
export class DatabaseUnavailableError extends NotifierError {}

/** Narrows an unknown thrown value to an Error. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
