import type { SeiDataset } from './dataset';
import { type Attempt, ERRORS, StoryBuilder } from './story-builder';

const { times } = StoryBuilder;
const ok: Attempt = { status: 'I', error: null };

/** Ten quiet nights before the story's own events. */
function history(b: StoryBuilder, fromDay: number, toDay: number, perNight = 12): void {
  for (let day = fromDay; day >= toDay; day--) b.cycle(day, times(perNight, ok));
}

/**
 * Named SEI states used by the integration suite and the `npm start` demo.
 * Each is a function of "now" and SEI's zone, so day counts stay true.
 */
export const SCENARIOS = {
  /** Every night publishes and integrates everything. */
  healthy(b) {
    history(b, 10, 0);
  },

  /** The last cycle has business errors, infrastructure failures and an exhausted process. */
  'partial-failure'(b) {
    history(b, 10, 1);
    b.add({ status: 'EN', attempts: 15, error: ERRORS.duplicated, statusChangedAt: b.hoursAgo(24 * 20), cycle: b.cycleStart(20) });
    b.cycle(0, [
      ...times(34, ok),
      { status: 'EN', attempts: 3, error: ERRORS.missingInterested },
      { status: 'EN', attempts: 1, error: ERRORS.badSubject },
      { status: 'EN', attempts: 15, error: ERRORS.missingInterested },
      { status: 'en', attempts: 2, error: ERRORS.badSubject },
      { status: 'FI', attempts: 4, error: ERRORS.timeout },
      { status: 'FI', attempts: 1, error: ERRORS.timeout },
    ]);
  },

  /**
   * The web service answered the run's opening check, then failed every batch
   * send with a SOAP fault: every package of the last cycle FI.
   */
  'cycle-down'(b) {
    history(b, 10, 1);
    b.cycle(0, times(25, { status: 'FI', attempts: 1, error: ERRORS.soapFault }));
  },

  /** The module is installed but nothing was ever sent. */
  'empty-module'(b) {
    b.lastRunEnd = null;
  },

  /** Failures happened days ago; the next night retried them and integrated them; the last cycle is clean. */
  'old-failures-only'(b) {
    history(b, 10, 6);
    const start = b.cycle(5, [...times(8, ok), ...times(4, { status: 'FI', attempts: 1, error: ERRORS.timeout })]);
    const failed = b.packages.filter((p) => p.cycle === start && p.status === 'FI');
    const retry = b.cycle(4, times(12, ok));
    for (const p of failed) b.restamp(p.id, { status: 'I', error: null }, retry);
    history(b, 3, 0);
  },

  /** Error texts that are HTML, malformed XML, latin1 read as UTF-8, or not XML at all. */
  'malicious-error-text'(b) {
    history(b, 5, 1);
    b.cycle(0, [
      ...times(5, ok),
      { status: 'EN', error: '<script>alert("xss")</script><img src=x onerror=alert(1)> NF0001 - inválido' },
      { status: 'EN', rawError: '<ResultadoDocumento><Resultado>NF0003 - Assunto &lt;b&gt;inválido</b> & "aspas"' },
      {
        status: 'EN',
        rawError:
          '<?xml version="1.0" encoding="UTF-8"?><ResultadoDocumento><Resultado>NF0007 - ResponsÃ¡vel nÃ£o informado</Resultado></ResultadoDocumento>',
      },
      { status: 'FI', rawError: 'Erro ao conectar: tempo esgotado (30 s) <a href="http://malicioso.example">clique</a>' },
      { status: 'FI', rawError: null },
      {
        status: 'FI',
        rawError: '<ResultadoDocumento><Resultado><![CDATA[SF001 - <faultstring>Server</faultstring>]]></Resultado></ResultadoDocumento>',
      },
    ]);
  },

  /** Packages waiting, and the publishing job stopped 4 days ago. */
  'job-stopped'(b) {
    history(b, 10, 4);
    for (let i = 0; i < 30; i++) b.add({ status: 'NI', attempts: 0, statusChangedAt: null, cycle: null });
  },

  /** A quiet period: the job completes every night, nothing new to send, nothing waiting. */
  'quiet-weekend'(b) {
    history(b, 10, 3);
    b.lastRunEnd = StoryBuilder.plusMinutes(b.cycleStart(0), 5);
  },

  /** The job runs every night but every batch send has failed (HTTP 503) for 3 days. */
  'failing-for-days'(b) {
    history(b, 10, 4);
    const failing = times(15, { status: 'FI', attempts: 3, error: ERRORS.serviceUnavailable });
    b.cycle(0, failing);
  },

  /**
   * The last cycle had 5 failures; 2 hours later an administrator re-sent 3
   * of those packages by hand ("Forçar Reenvio"): the same rows re-stamped,
   * 2 integrated, 1 failed again.
   */
  'forced-resend'(b) {
    history(b, 10, 1);
    const start = b.cycle(0, [...times(10, ok), ...times(5, { status: 'FI', attempts: 2, error: ERRORS.timeout })]);
    const resentAt = StoryBuilder.plusMinutes(start, 150);
    const failed = b.packages.filter((p) => p.cycle === start && p.status === 'FI').slice(0, 3);
    for (const [i, p] of failed.entries()) {
      b.restamp(p.id, i < 2 ? { status: 'I', error: null } : { status: 'FI', error: ERRORS.timeout }, resentAt);
    }
  },

  /** A quiet weekend: nothing new integrated for 2 days, but a business error is retried (and answered) every night. */
  'business-error-weekend'(b) {
    history(b, 10, 2);
    b.cycle(0, [{ status: 'EN', attempts: 4, error: ERRORS.missingInterested }]);
  },

  /** NULL in every nullable column, over an otherwise healthy history. */
  'null-dates'(b) {
    history(b, 5, 0);
    b.add({ status: 'I', attempts: null, statusChangedAt: null, cycle: null, metadataSize: 0 });
    b.add({ status: 'NI', attempts: null, statusChangedAt: null, cycle: null, orphan: true });
    b.add({ status: 'FI', attempts: null, statusChangedAt: null, cycle: null, rawError: null });
  },

  /** Thousands of failures in one cycle: fetching them whole would exceed the 1 MiB Data API limit. */
  'huge-failure-cycle'(b) {
    history(b, 3, 1);
    b.cycle(0, times(3000, { status: 'FI', attempts: 2, error: `${ERRORS.timeout} ${'x'.repeat(900)}`, metadataSize: 2000 }));
  },
} satisfies Record<string, (b: StoryBuilder) => void>;

export type ScenarioName = keyof typeof SCENARIOS;

/** Builds a named scenario's data for "now" in SEI's zone; `tune` adjusts it (recipients, tolerance…). */
export function buildScenario(name: ScenarioName, now: Date, timeZone: string, tune?: (b: StoryBuilder) => void): SeiDataset {
  const builder = new StoryBuilder(now, timeZone);
  SCENARIOS[name](builder);
  tune?.(builder);
  return builder.build();
}
