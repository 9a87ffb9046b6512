import { localToInstant } from '../../shared/sei/local-time';
import type { PackageRow, PublishingTaskRow, SeiDataset } from './dataset';
import { errorXml, metadataXml, processNumber, StoryBuilder } from './story-builder';

/** What the web service answers to one try of a package. */
export type Answer = { readonly status: 'I' } | { readonly status: 'FI' | 'EN'; readonly error: string };

/** Decides the answer to each try (by package), e.g. "the web service is down". */
export type WebService = (pkg: SimulatedPackage) => Answer;

export interface SimulatedPackage {
  readonly id: number;
  readonly processId: number;
  status: string;
  attempts: number;
  statusChangedAt: string | null;
  cycle: string | null;
  error: string | null;
}

export interface RunOptions {
  /**
   * Passes over the eligible packages in one run. The module's retry filter
   * lacks parentheses (`... AND sta='NI' OR (sta<>'I' AND tent<N)`), so a
   * failing package can be picked again in the same run: a backlog can burn
   * all its attempts in one night. Default 1.
   */
  readonly passes?: number;
  /** The run throws after this many tries (0: before sending anything, e.g. credentials refused). */
  readonly diesAfterTries?: number;
  /** The run is still going after this many tries (no end yet, nothing failed). */
  readonly runningAfterTries?: number;
  /** Minutes from start to end of a run that completes. Default 30. */
  readonly minutes?: number;
}

/**
 * The module `mod-sei-protocolo-integrado` as it writes its rows, step by
 * step, on one SEI database (times are SEI local wall-clock times):
 * - a new activity of a process creates an `NI` package, unless the
 *   process already has one waiting;
 * - a publishing run stamps `md_pi_parametros.sin_executando_publicacao = 'S'`,
 *   tries every package still eligible (`NI`, or not `I` with attempts
 *   below `TentativasReenvio`) and re-stamps each tried row in place:
 *   status, attempts + 1, `dth_situacao` = the try, `dth_agendamento_executado`
 *   = the run's start; only a run that ends normally writes
 *   `dth_ultimo_processamento` and `'N'`; SEI's scheduler records the task's
 *   start, normal end and success;
 * - "Forçar Reenvio" re-sends chosen packages at once, re-stamping the same
 *   rows with the re-send's time, without resetting attempts and without
 *   touching `md_pi_parametros` or the scheduler.
 * `dataset()` is the database at that point, to load and check.
 */
export class ModuleSimulator {
  private readonly packages: SimulatedPackage[] = [];
  private readonly processIds = new Set<number>();
  private lastRunEnd: string | null = null;
  private running: 'S' | 'N' = 'N';
  readonly task: { -readonly [K in keyof PublishingTaskRow]: PublishingTaskRow[K] } = { active: 'S' };
  adminEmails: string | null = 'integracao@orgao.gov.br;sei-admin@orgao.gov.br';
  toleranceParameter: string | null = '';

  /**
   * @param timeZone SEI's zone (to turn local times into instants).
   * @param maxAttempts SEI's `TentativasReenvio`.
   */
  constructor(
    readonly timeZone: string,
    readonly maxAttempts = 15
  ) {}

  /** The instant at which SEI's clock shows `local` (to run a check then). */
  instant(local: string): Date {
    const instant = localToInstant(local, this.timeZone);
    if (!instant) throw new Error(`Not a local timestamp: ${local}`);
    return instant;
  }

  /** A new activity in each process (a new process when the id is new): an `NI` package unless one waits already. */
  activity(...processIds: number[]): void {
    for (const processId of processIds) {
      this.processIds.add(processId);
      if (this.packages.some((p) => p.processId === processId && p.status === 'NI')) continue;
      this.packages.push({
        id: this.packages.length + 1,
        processId,
        status: 'NI',
        attempts: 0,
        statusChangedAt: null,
        cycle: null,
        error: null,
      });
    }
  }

  /** Packages of a process, oldest first. */
  packagesOf(processId: number): readonly SimulatedPackage[] {
    return this.packages.filter((p) => p.processId === processId);
  }

  private eligible(p: SimulatedPackage): boolean {
    return p.status === 'NI' || (p.status !== 'I' && p.attempts < this.maxAttempts);
  }

  private tryPackage(p: SimulatedPackage, answer: Answer, cycle: string, at: string): void {
    p.status = answer.status;
    p.attempts += 1;
    p.statusChangedAt = at;
    p.cycle = cycle;
    p.error = answer.status === 'I' ? null : errorXml(processNumber(p.processId), answer.error);
  }

  /**
   * A publishing run started by SEI's scheduler at `start`. Returns the
   * run's own stamp (`dth_agendamento_executado` of what it tried).
   */
  run(start: string, webService: WebService, options: RunOptions = {}): string {
    this.task.lastStart = start;
    this.running = 'S';
    // The module gathers new activities first, then stamps its tries with its own start.
    const stamp = StoryBuilder.plusSeconds(start, 20);
    const stopsAfter = options.diesAfterTries ?? options.runningAfterTries;
    const stopped = (tries: number) => {
      if (stopsAfter === undefined || tries < stopsAfter) return false;
      if (options.diesAfterTries !== undefined) this.task.succeeded = 'N';
      return true;
    };
    let tries = 0;
    for (let pass = 0; pass < (options.passes ?? 1); pass++) {
      for (const p of this.packages.filter((x) => this.eligible(x))) {
        if (stopped(tries)) return stamp;
        tries += 1;
        this.tryPackage(p, webService(p), stamp, StoryBuilder.plusSeconds(stamp, tries));
      }
    }
    if (stopped(tries)) return stamp;
    const end = StoryBuilder.plusMinutes(start, options.minutes ?? 30);
    this.lastRunEnd = end;
    this.running = 'N';
    this.task.lastCompletion = end;
    this.task.succeeded = 'S';
    return stamp;
  }

  /** "Forçar Reenvio" of the given packages at `at`. */
  forceResend(packageIds: readonly number[], at: string, webService: WebService): void {
    packageIds.forEach((id, i) => {
      const p = this.packages.find((x) => x.id === id);
      if (!p) throw new Error(`No package ${id}`);
      this.tryPackage(p, webService(p), at, StoryBuilder.plusSeconds(at, i + 1));
    });
  }

  dataset(): SeiDataset {
    const packages: PackageRow[] = this.packages.map((p) => ({
      id: p.id,
      processId: p.processId,
      status: p.status,
      attempts: p.attempts,
      statusChangedAt: p.statusChangedAt,
      cycle: p.cycle,
      metadata: p.statusChangedAt ? metadataXml(processNumber(p.processId), 600) : null,
      error: p.error,
    }));
    return {
      processes: [...this.processIds].map((id) => ({ id, number: processNumber(id) })),
      packages,
      parameters: { lastRunEnd: this.lastRunEnd, running: this.running },
      adminEmails: this.adminEmails,
      toleranceParameter: this.toleranceParameter,
      publishingTask: { ...this.task },
    };
  }
}

/** Web services for the stories. */
export const answers = {
  ok: (): Answer => ({ status: 'I' }),
  down: (error: string) => (): Answer => ({ status: 'FI', error }),
  /** Business errors for the given processes, the rest integrated. */
  rejecting:
    (processIds: readonly number[], error: string): WebService =>
    (p) =>
      processIds.includes(p.processId) ? { status: 'EN', error } : { status: 'I' },
  /** Infrastructure failures for the given processes, the rest integrated. */
  failing:
    (processIds: readonly number[], error: string): WebService =>
    (p) =>
      processIds.includes(p.processId) ? { status: 'FI', error } : { status: 'I' },
};
