/**
 * Fault injection for tests of retry/failure behaviour: queued faults that
 * the next /Execute requests consume, and an "auto-paused, resuming" window.
 */

export interface InjectedError {
  /** Error shape name, e.g. `DatabaseUnavailableException`. */
  readonly name: string;
  readonly status: number;
  readonly message?: string;
}

export interface Fault {
  readonly error?: InjectedError;
  /** Wait this long before answering (error) or executing (no error). */
  readonly delayMs?: number;
  /** How many requests this fault applies to (default 1). */
  readonly times?: number;
}

export interface FaultInjector {
  /** Queues a fault; each incoming request consumes one use of the head fault. */
  inject(fault: Fault): void;
  /**
   * For `ms` milliseconds from the next request on, every request answers
   * 400 DatabaseResumingException (counted from the first request, not from
   * the call: a client process may take seconds to start on a busy machine).
   */
  resumingFor(ms: number): void;
  /** Drops queued faults and ends any resuming window. */
  clear(): void;
  /** Number of requests the queued faults still apply to. */
  readonly pending: number;
}

/** What the server does with one request. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly error?: InjectedError;
}

export class FaultQueue implements FaultInjector {
  #queue: { fault: Fault; remaining: number }[] = [];
  #resumingUntil = 0;
  #resumingMs = 0;

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError('times must be a positive integer');
    if (fault.delayMs !== undefined && (!(fault.delayMs >= 0) || !Number.isFinite(fault.delayMs))) {
      throw new RangeError('delayMs must be a non-negative number');
    }
    this.#queue.push({ fault, remaining: times });
  }

  resumingFor(ms: number): void {
    this.#resumingMs = Math.max(0, ms);
    this.#resumingUntil = 0;
  }

  clear(): void {
    this.#queue = [];
    this.#resumingMs = 0;
    this.#resumingUntil = 0;
  }

  get pending(): number {
    return this.#queue.reduce((n, q) => n + q.remaining, 0);
  }

  /** Consumes one use of the head fault, if any. */
  take(): FaultDecision | undefined {
    const head = this.#queue[0];
    if (!head) return undefined;
    head.remaining--;
    if (head.remaining <= 0) this.#queue.shift();
    return { delayMs: head.fault.delayMs ?? 0, ...(head.fault.error ? { error: head.fault.error } : {}) };
  }

  isResuming(): boolean {
    if (this.#resumingMs > 0) {
      this.#resumingUntil = Date.now() + this.#resumingMs;
      this.#resumingMs = 0;
    }
    return Date.now() < this.#resumingUntil;
  }
}
