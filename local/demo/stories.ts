import { instantToLocal } from '../../shared/sei/local-time';
import type { SeiDataset } from '../sei/dataset';
import { answers, ModuleSimulator } from '../sei/module-simulator';
import { buildScenario } from '../sei/scenarios';
import { ERRORS, StoryBuilder } from '../sei/story-builder';

/** A state of an SEI database that the demo runs both checks on. */
export interface DemoStory {
  readonly id: string;
  /** Shown in the summary (pt-BR). */
  readonly title: string;
  /**
   * The database as the previous day's runs saw it (their mails are not
   * kept): lets the story show what changes from one day to the next.
   */
  before?(now: Date, timeZone: string): SeiDataset;
  build(now: Date, timeZone: string): SeiDataset;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * The module as it writes its rows (the same package rows re-stamped), told
 * relative to now: `night(n)` is the 02:00-like run n nights back, on the hour.
 */
function simulated(
  now: Date,
  zone: string,
  story: (sim: ModuleSimulator, night: (n: number, hoursLater?: number) => string) => void
): SeiDataset {
  const sim = new ModuleSimulator(zone);
  const night = (n: number, hoursLater = 0) =>
    `${instantToLocal(new Date(now.getTime() - (24 * n + 3 - hoursLater) * 3_600_000), zone).slice(0, 13)}:00:00`;
  sim.activity(...range(1, 20));
  sim.run(night(3), answers.ok);
  sim.run(night(2), answers.ok);
  story(sim, night);
  return sim.dataset();
}

/** Last night five processes failed (timeout); `retried`: the next night retried the same rows and integrated them. */
function failedThenRetried(retried: boolean) {
  return (now: Date, zone: string) =>
    simulated(now, zone, (sim, night) => {
      sim.activity(...range(21, 40));
      sim.run(night(1), answers.failing(range(36, 40), ERRORS.timeout));
      if (retried) sim.run(night(0), answers.ok);
    });
}

/** The demo's stories: a cycle with failures, publishing stopped, every batch send failing, all well. */
export const DEMO_STORIES: readonly DemoStory[] = [
  {
    id: 'ciclo-com-falhas',
    title: 'Último ciclo com falhas',
    build: (now, zone) =>
      buildScenario('partial-failure', now, zone, (b) => {
        // Older processes that ran out of attempts and were never re-sent.
        for (const days of [40, 33]) {
          b.add({ status: 'FI', attempts: 15, error: ERRORS.timeout, statusChangedAt: b.hoursAgo(24 * days), cycle: b.cycleStart(days) });
        }
      }),
  },
  {
    id: 'publicacao-parada',
    title: 'Publicação parada há dias',
    build: (now, zone) =>
      buildScenario('job-stopped', now, zone, (b: StoryBuilder) => {
        // Tried (and failed) by the last run that completed, four nights ago: a completed run
        // re-sends every failed package below the limit, so its row carries that run's stamp.
        b.add({
          status: 'FI',
          attempts: 2,
          error: ERRORS.serviceUnavailable,
          statusChangedAt: StoryBuilder.plusMinutes(b.cycleStart(4), 1),
          cycle: b.cycleStart(4),
        });
        b.running = 'S';
      }),
  },
  {
    id: 'servico-fora-do-ar',
    title: 'Web service falhando no último ciclo',
    build: (now, zone) => buildScenario('cycle-down', now, zone),
  },
  {
    id: 'falhas-resolvidas',
    title: 'Falhas de ontem resolvidas hoje',
    // Yesterday's cycle failed (and was mailed then); tonight's retried the same rows and integrated them.
    before: failedThenRetried(false),
    build: failedThenRetried(true),
  },
  {
    id: 'reenvio-forcado',
    title: 'Reenvio forçado que voltou a falhar',
    // The night failed 5; at the office the administrator forced a re-send of 3: 2 integrated,
    // 1 failed again ("Operação realizada com sucesso." all the same). All 3 still failing are named.
    build: (now, zone) =>
      simulated(now, zone, (sim, night) => {
        sim.run(night(1), answers.ok);
        sim.activity(...range(21, 40));
        sim.run(night(0), answers.failing(range(36, 40), ERRORS.timeout));
        const resend = range(36, 38).map((p) => sim.packagesOf(p)[0]?.id ?? 0);
        sim.forceResend(resend, night(0, 2), answers.failing([38], ERRORS.timeout));
      }),
  },
  {
    id: 'execucao-interrompida',
    title: 'Publicação interrompida no meio',
    // The run tried 8 packages (3 failed with a timeout) and died: no end recorded, the marker
    // left at S, the scheduler's sin_sucesso = N. The stalled check warns the same day.
    build: (now, zone) =>
      simulated(now, zone, (sim, night) => {
        sim.task.periodicity = 'D';
        sim.task.complement = night(0).slice(11, 16);
        sim.run(night(1), answers.ok);
        sim.activity(...range(21, 40));
        sim.run(night(0), answers.failing(range(21, 23), ERRORS.timeout), { diesAfterTries: 8 });
      }),
  },
  {
    id: 'tudo-em-ordem',
    title: 'Tudo em ordem',
    build: (now, zone) => buildScenario('healthy', now, zone),
  },
];
