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
  metadataAt: string | null;
  error: string | null;
}

export interface RunOptions {
  /**
   * The web service's batch size (`getQuantidadeMaximaDocumentosPorRequisicaoServidor`):
   * the send loop's page. Default {@link DEFAULT_BATCH_SIZE}.
   */
  readonly batchSize?: number;
  /**
   * The run throws after this many tries. 0: before sending anything —
   * refused credentials, an unreachable address, a bad certificate or an
   * unreadable WSDL throw while the SOAP client is built, after the new
   * packages were created.
   */
  readonly diesAfterTries?: number;
  /** The run is still going after this many tries (no end yet, nothing failed). */
  readonly runningAfterTries?: number;
  /** Minutes from start to end of a run that completes. Default 30. */
  readonly minutes?: number;
}

/** Batch size of the simulated web service: small stories fit in one page, tried once per run. */
export const DEFAULT_BATCH_SIZE = 50;
/** The send loop stops after reading this many packages (re-reads included). */
const MAX_PACKAGES_READ = 500_000;

/**
 * The module `mod-sei-protocolo-integrado` as it writes its rows, step by
 * step, on one SEI database (times are SEI local wall-clock times), and SEI's
 * scheduler around it. Each behaviour follows the module's code, read at tag
 * v3.0.3 (d10bfaa; 2.x at v2.1.3, b145e52); `MPRN` is
 * `src/rn/ProtocoloIntegradoMonitoramentoProcessosRN.php`:
 *
 * | behaviour | where |
 * |---|---|
 * | the scheduler writes `dth_ultima_execucao` and `sin_sucesso = 'N'` when a task starts, `dth_ultima_conclusao` and `'S'` only after a normal return | SEI core, `InfraAgendamentoTarefaRN::executar` (not in the module) |
 * | a run writes `sin_executando_publicacao = 'S'` first; `dth_ultimo_processamento` and `'N'` only when it ends normally; nothing reads the marker | `MPRN::publicarProcessosConectado` (l. 106–145) |
 * | packages are created only at the start of a run, from activities newer than the last one recorded; a process gets a new package unless it has an `NI` one (so a failing `FI`/`EN` process gets a second one) | `MPRN::cadastrarAtividadesIntegracaoConectado`, `cadastrarAtividadesBatchControlado` (l. 196–316) |
 * | refused credentials, an unreachable address, a bad certificate, an unreadable WSDL or a bad batch-size answer throw before any package is tried (after the new packages and the marker were saved) | `src/ws/ProtocoloIntegradoClienteWS.php` `__construct`, `getQuantidadeMaximaDocumentosPorRequisicaoServidor`; `MPRN::publicarProcessosMonitorados` (l. 600–626) |
 * | the attempt limit: `TentativasReenvio` of the configuration file (3.x), `md_pi_parametros.quantidade_tentativas` (2.x) | `MPRN::publicarProcessosMonitorados` l. 627 @v3.0.3; l. 667 @v2.1.3 |
 * | the send loop re-reads the first page of eligible packages (page = batch size; no ORDER BY, so the database's order, here the id) and stops at a page that is empty or not full, or after 500,000 packages read; eligible: `NI`, or not `I` with attempts below the limit — the run-stamp guard binds only to `NI` (no parentheses), so failing packages are re-sent within one run while pages are full | `MPRN::publicarProcessosMonitorados` (l. 645–979), `listarProcessosPublicacao` (l. 543–570) |
 * | `dth_metadados` is set at a package's first try (when empty); a success does not set it again (only a re-send of an already integrated package does) | `MPRN::publicarProcessosMonitorados` l. 910–913; `atualizaPacote` l. 1044, 1074–1076 |
 * | each try re-stamps the package's own row: status (`Ok!` → `I`, text with `NF00` → `EN`, anything else → `FI`; a failed batch gives every package `SF001 - <fault>`), attempts + 1, `dth_situacao` = now, `dth_agendamento_executado` = the run's start | `MPRN::atualizaPacote` (l. 1036–1081), `enviarListaDocumentosPIControlado` (l. 1118–1142) |
 * | `arquivo_erro` is not cleared when a package is later integrated | `MPRN::atualizaPacote` (`Ok!` branch, l. 1046–1048) |
 * | "Forçar Reenvio" checks the web service first (refused: nothing changes), then re-sends the chosen packages whatever their status and attempts, re-stamping the same rows; attempts are not reset, `md_pi_parametros` and the scheduler are not touched | `src/protocolo_integrado_monitoramento.php` (`md_pi_forcar_reenvio`, l. 49–94) → `MPRN::publicarProcessosMonitorados` |
 * | module 2.x keeps `quantidade_tentativas` and `email_administrador` (the address of its own notifications) in `md_pi_parametros`; 3.0.0 drops them | `rn/ProtocoloIntegradoVersaoRN.php` `instalarv113` @v2.1.3; `versao_3_0_0` (l. 432–444) |
 *
 * `dataset()` is the database at that point, to load and check.
 */
export class ModuleSimulator {
  private readonly packages: SimulatedPackage[] = [];
  private readonly processIds = new Set<number>();
  /** Processes with activities not yet gathered by a run. */
  private readonly pendingActivities = new Set<number>();
  private lastRunEnd: string | null = null;
  private running: 'S' | 'N' = 'N';
  /** The publishing task's row in SEI's scheduler (installed with `sin_sucesso = 'N'`, before any run). */
  readonly task: { -readonly [K in keyof PublishingTaskRow]: PublishingTaskRow[K] } = { active: 'S', succeeded: 'N' };
  /** Older rows of the same command (a task re-created by hand), stored with lower ids. */
  readonly taskCopies: PublishingTaskRow[] = [];
  adminEmails: string | null = 'integracao@orgao.gov.br;sei-admin@orgao.gov.br';
  toleranceParameter: string | null = '';
  /** Module 2.x only: `md_pi_parametros.email_administrador` ("Administrador da Integração"). */
  integrationAdmin: string | null = null;

  /**
   * @param timeZone SEI's zone (to turn local times into instants).
   * @param maxAttempts the attempt limit (`TentativasReenvio`, or 2.x's `quantidade_tentativas`).
   * @param moduleVersion 2: `md_pi_parametros` has 2.x's own columns; 3: it does not.
   */
  constructor(
    readonly timeZone: string,
    readonly maxAttempts = 15,
    readonly moduleVersion: 2 | 3 = 3
  ) {}

  /** The instant at which SEI's clock shows `local` (to run a check then). */
  instant(local: string): Date {
    const instant = localToInstant(local, this.timeZone);
    if (!instant) throw new Error(`Not a local timestamp: ${local}`);
    return instant;
  }

  /** A new activity in each process (a new process when the id is new): packaged by the next run. */
  activity(...processIds: number[]): void {
    for (const processId of processIds) {
      this.processIds.add(processId);
      this.pendingActivities.add(processId);
    }
  }

  /** Packages of a process, oldest first. */
  packagesOf(processId: number): readonly SimulatedPackage[] {
    return this.packages.filter((p) => p.processId === processId);
  }

  /** The start of a run: one `NI` package per process with new activities, unless one waits already. */
  private gatherActivities(): void {
    for (const processId of this.pendingActivities) {
      if (this.packages.some((p) => p.processId === processId && p.status === 'NI')) continue;
      this.packages.push({
        id: this.packages.length + 1,
        processId,
        status: 'NI',
        attempts: 0,
        statusChangedAt: null,
        cycle: null,
        metadataAt: null,
        error: null,
      });
    }
    this.pendingActivities.clear();
  }

  private eligible(p: SimulatedPackage): boolean {
    return p.status === 'NI' || (p.status !== 'I' && p.attempts < this.maxAttempts);
  }

  private tryPackage(p: SimulatedPackage, answer: Answer, cycle: string, at: string): void {
    // A re-send of an integrated package stamps dth_metadados again; otherwise only the first try does.
    if (p.metadataAt === null || p.status === 'I') p.metadataAt = at;
    p.status = answer.status;
    p.attempts += 1;
    p.statusChangedAt = at;
    p.cycle = cycle;
    // The error XML of an earlier failure stays when the package is integrated.
    if (answer.status !== 'I') p.error = errorXml(processNumber(p.processId), answer.error);
  }

  /**
   * A publishing run started by SEI's scheduler at `start`. Returns the
   * run's own stamp (`dth_agendamento_executado` of what it tried).
   */
  run(start: string, webService: WebService, options: RunOptions = {}): string {
    if (this.task.active !== 'S') throw new Error('SEI does not run a disabled task');
    this.task.lastStart = start;
    this.task.succeeded = 'N';
    this.running = 'S';
    this.gatherActivities();
    // The stamp is taken after the activities are gathered and the web service answered its batch size.
    const stamp = StoryBuilder.plusSeconds(start, 20);
    const stopsAfter = options.diesAfterTries ?? options.runningAfterTries;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let tries = 0;
    let read = 0;
    for (;;) {
      const page = this.packages.filter((p) => this.eligible(p)).slice(0, batchSize);
      if (page.length === 0) break;
      read += page.length;
      for (const p of page) {
        if (stopsAfter !== undefined && tries >= stopsAfter) return stamp;
        tries += 1;
        this.tryPackage(p, webService(p), stamp, StoryBuilder.plusSeconds(stamp, tries));
      }
      if (page.length < batchSize || read > MAX_PACKAGES_READ) break;
    }
    if (stopsAfter !== undefined && tries >= stopsAfter) return stamp;
    const end = StoryBuilder.plusMinutes(start, options.minutes ?? 30);
    this.lastRunEnd = end;
    this.running = 'N';
    this.task.lastCompletion = end;
    this.task.succeeded = 'S';
    return stamp;
  }

  /**
   * "Forçar Reenvio" of the given packages at `at`: any status, past the
   * limit too. `refused`: the web-service check failed (credentials,
   * address): an error on the screen, nothing changed.
   */
  forceResend(packageIds: readonly number[], at: string, webService: WebService, refused = false): void {
    if (refused) return;
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
      metadataAt: p.metadataAt,
      metadata: p.metadataAt ? metadataXml(processNumber(p.processId), 600) : null,
      error: p.error,
    }));
    return {
      processes: [...this.processIds].map((id) => ({ id, number: processNumber(id) })),
      packages,
      parameters: {
        lastRunEnd: this.lastRunEnd,
        running: this.running,
        ...(this.moduleVersion === 2 ? { attemptsLimit: this.maxAttempts, integrationAdmin: this.integrationAdmin } : {}),
      },
      adminEmails: this.adminEmails,
      toleranceParameter: this.toleranceParameter,
      publishingTask: { ...this.task },
      publishingTaskCopies: this.taskCopies,
    };
  }
}

/** Web services for the stories. */
export const answers = {
  ok: (): Answer => ({ status: 'I' }),
  /** Every batch fails mid-run (timeout, HTTP 5xx, SOAP fault): `SF001 - <message>` on each package. */
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
