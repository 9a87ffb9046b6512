import type { SeiDataset } from '../sei/dataset';
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

/** Nightly cycles; the one `failingNight` nights back had infrastructure failures. */
function failingNightThenClean(failingNight: number, now: Date, zone: string): SeiDataset {
  const b = new StoryBuilder(now, zone);
  for (let day = 8; day >= 0; day--) {
    const failures = day === failingNight ? StoryBuilder.times(6, { status: 'FI', attempts: 1, error: ERRORS.timeout }) : [];
    b.cycle(day, [...StoryBuilder.times(20, { status: 'I' }), ...failures]);
  }
  return b.build();
}

/** The demo's stories: a cycle with failures, publishing stopped, the web service down, all well. */
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
        b.add({ status: 'FI', attempts: 2, error: ERRORS.unauthorized, statusChangedAt: b.hoursAgo(24 * 5 - 1), cycle: b.cycleStart(5) });
        b.running = 'S';
      }),
  },
  {
    id: 'servico-fora-do-ar',
    title: 'Web service fora do ar no último ciclo',
    build: (now, zone) => buildScenario('cycle-down', now, zone),
  },
  {
    id: 'falhas-resolvidas',
    title: 'Falhas de ontem resolvidas hoje',
    // Yesterday's last cycle failed (and was mailed then); today's ran clean.
    before: (now, zone) => failingNightThenClean(0, new Date(now.getTime() - 24 * 3_600_000), zone),
    build: (now, zone) => failingNightThenClean(1, now, zone),
  },
  {
    id: 'tudo-em-ordem',
    title: 'Tudo em ordem',
    build: (now, zone) => buildScenario('healthy', now, zone),
  },
];
