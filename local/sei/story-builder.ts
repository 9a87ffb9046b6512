import { instantToLocal } from '../../shared/sei/local-time';
import type { PackageRow, ProcessRow, PublishingTaskRow, SeiDataset } from './dataset';

const HOUR_MS = 60 * 60 * 1000;

/** Error XML as the publishing job stores it in `arquivo_erro`. */
export function errorXml(processNumber: string, result: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ResultadoDocumento><Protocolo>${processNumber}</Protocolo><Resultado>${result}</Resultado></ResultadoDocumento>`;
}

/**
 * Realistic error results, as the publishing job writes them on a package.
 * `FI` texts come only from a batch send (`EnviarListaDocumentos`) that failed
 * mid-run (every package of that batch gets `SF001 - <message>`): refused
 * credentials, an unreachable address or an unreadable WSDL throw before any
 * package is tried and never reach a row.
 */
export const ERRORS = {
  soapFault: 'SF001 - SOAP Fault: Internal Server Error',
  serviceUnavailable: 'SF001 - Service Unavailable (503)',
  timeout: 'SF001 - Connection timed out after 30000 milliseconds',
  missingInterested: 'NF0012 - O processo deve possuir ao menos um interessado com CPF ou CNPJ válido',
  badSubject: 'NF0031 - Assunto do processo não informado ou inválido',
  duplicated: 'NF0009 - Já existe um processo com este número registrado por outro órgão',
} as const;

/** Metadata XML of realistic size (a few KB), as in `arquivo_metadados`. */
export function metadataXml(processNumber: string, size = 3000): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?><Processo><NumeroProtocolo>${processNumber}</NumeroProtocolo><Documentos>`;
  const doc = '<Documento><Tipo>Despacho</Tipo><Data>2026-01-01</Data><Assunto>Administração geral</Assunto></Documento>';
  return `${head}${doc.repeat(Math.max(1, Math.floor((size - head.length) / doc.length)))}</Documentos></Processo>`;
}

/** A formatted SEI process number, e.g. `00000.000123/2026-45`. */
export function processNumber(seq: number, year = 2026): string {
  const dv = String((seq * 7 + year) % 97).padStart(2, '0');
  return `${String(10_000 + (seq % 90_000)).padStart(5, '0')}.${String(seq).padStart(6, '0')}/${year}-${dv}`;
}

/** What one package of a cycle ends up as. */
export interface Attempt {
  readonly status: 'I' | 'FI' | 'EN' | 'NI' | string;
  readonly attempts?: number | null;
  readonly error?: string | null;
  /** Raw `arquivo_erro` (instead of building XML from `error`). */
  readonly rawError?: string | null;
  readonly statusChangedAt?: string | null;
  readonly cycle?: string | null;
  /** Leave the process out of `protocolo`. */
  readonly orphan?: boolean;
  readonly metadataSize?: number;
}

/**
 * Builds SEI data as a story told relative to "now": nightly cycles, packages
 * tried in them, the publishing job's last end.
 */
export class StoryBuilder {
  private readonly processes: ProcessRow[] = [];
  /** Package rows so far (stories may re-stamp them). */
  readonly packages: PackageRow[] = [];
  private nextPackage = 1;
  private nextProcess = 1;
  lastRunEnd: string | null | undefined;
  running: 'S' | 'N' = 'N';
  adminEmails: string | null | undefined = 'integracao@orgao.gov.br;sei-admin@orgao.gov.br';
  toleranceParameter: string | null | undefined = '';
  /** The publishing task's scheduler row; each {@link cycle} records its start and end there. */
  publishingTask: { -readonly [K in keyof PublishingTaskRow]: PublishingTaskRow[K] } | undefined = { active: 'S', succeeded: 'S' };

  constructor(
    readonly now: Date,
    readonly timeZone: string
  ) {}

  /** Local time `hours` before now. */
  hoursAgo(hours: number): string {
    return instantToLocal(new Date(this.now.getTime() - hours * HOUR_MS), this.timeZone);
  }

  /**
   * Start of the nightly cycle `daysAgo` nights back: 3 to 4 hours before
   * this time of day, on the hour. Told relative to now (not at a fixed 02:00)
   * so that "N nights ago" is always N whole days ago, whatever the hour the
   * tests run at.
   */
  cycleStart(daysAgo: number): string {
    return `${this.hoursAgo(24 * daysAgo + 3).slice(0, 13)}:00:00`;
  }

  /** `minutes` after a local timestamp. */
  static plusMinutes(local: string, minutes: number): string {
    return StoryBuilder.plusSeconds(local, minutes * 60);
  }

  /** `seconds` after a local timestamp (wall-clock arithmetic: no zone, no DST). */
  static plusSeconds(local: string, seconds: number): string {
    const d = new Date(`${local.replace(' ', 'T')}Z`);
    return new Date(d.getTime() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }

  /** Adds one package (and its process), returning its process number. */
  add(attempt: Attempt): string {
    const processId = this.nextProcess++;
    const number = processNumber(processId);
    if (!attempt.orphan) this.processes.push({ id: processId, number });
    const rawError = attempt.rawError !== undefined ? attempt.rawError : attempt.error ? errorXml(number, attempt.error) : null;
    this.packages.push({
      id: this.nextPackage++,
      processId,
      status: attempt.status,
      attempts: attempt.attempts === undefined ? 1 : attempt.attempts,
      statusChangedAt: attempt.statusChangedAt,
      cycle: attempt.cycle,
      metadata: attempt.metadataSize === 0 ? null : metadataXml(number, attempt.metadataSize),
      error: rawError,
    });
    return number;
  }

  /**
   * Another try of an existing package, as the module writes it: the same
   * row re-stamped (status, attempts + 1, `dth_situacao`, and
   * `dth_agendamento_executado` = the try's start).
   */
  restamp(packageId: number, result: { status: string; error: string | null }, at: string): void {
    const i = this.packages.findIndex((p) => p.id === packageId);
    const p = this.packages[i];
    if (!p) throw new Error(`No package ${packageId}`);
    const number = processNumber(p.processId);
    this.packages[i] = {
      ...p,
      status: result.status,
      attempts: (p.attempts ?? 0) + 1,
      statusChangedAt: StoryBuilder.plusMinutes(at, 1),
      cycle: at,
      error: result.error ? errorXml(number, result.error) : null,
    };
  }

  /** A whole nightly cycle `daysAgo` back: each attempt tried in it, the job's end recorded. */
  cycle(daysAgo: number, attempts: readonly Attempt[]): string {
    const start = this.cycleStart(daysAgo);
    for (const [i, a] of attempts.entries()) {
      this.add({ statusChangedAt: StoryBuilder.plusMinutes(start, 1 + Math.floor(i / 20)), cycle: start, ...a });
    }
    this.lastRunEnd = StoryBuilder.plusMinutes(start, 30);
    if (this.publishingTask) {
      // SEI's scheduler starts the task a moment before the module stamps its packages.
      this.publishingTask.lastStart = StoryBuilder.plusMinutes(start, -1);
      this.publishingTask.lastCompletion = this.lastRunEnd;
      this.publishingTask.succeeded = 'S';
    }
    return start;
  }

  /** `n` copies of an attempt. */
  static times(n: number, attempt: Attempt): Attempt[] {
    return Array.from({ length: n }, () => attempt);
  }

  build(): SeiDataset {
    return {
      processes: this.processes,
      packages: this.packages,
      parameters: this.lastRunEnd === undefined ? undefined : { lastRunEnd: this.lastRunEnd, running: this.running },
      adminEmails: this.adminEmails,
      toleranceParameter: this.toleranceParameter,
      publishingTask: this.publishingTask && { ...this.publishingTask },
    };
  }
}
