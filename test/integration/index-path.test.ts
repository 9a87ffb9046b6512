import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeiDataset } from '../../local/sei/dataset';
import { buildScenario, SCENARIOS, type ScenarioName } from '../../local/sei/scenarios';
import { ERRORS, StoryBuilder } from '../../local/sei/story-builder';
import type { CheckName } from '../../shared/checks/decision';
import type { EngineKind } from './support/engines';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';

/**
 * The index path reads other rows with other statements (ranges of the
 * recommended index instead of a pass): on every scenario of the demo and
 * the tests, including the odd data (lower-case and padded statuses, NULL
 * dates and attempts, hostile error texts), both paths must decide the same
 * and report the same figures.
 */

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-12-03T20:00:00Z');
const CHECKS: readonly CheckName[] = ['failed-processes', 'stalled-packages'];

describe.each(['pglite', 'postgres', 'mysql'] as EngineKind[])('the recommended index changes nothing but the speed, on %s', (kind) => {
  let scan: NotifierHarness;
  let indexed: NotifierHarness;

  beforeAll(async () => {
    [scan, indexed] = await Promise.all([startHarnessOn(kind), startHarnessOn(kind, { indexed: true })]);
  });
  afterAll(async () => Promise.all([scan?.close(), indexed?.close()]));

  it('an index that only looks like it (partial on PostgreSQL, a column prefix on MySQL) is not taken', async () => {
    const h = await startHarnessOn(kind);
    try {
      const columns = ['dth_situacao', 'num_tentativas_envio', 'dth_agendamento_executado'].join(', ');
      await h.db.seed.run(
        kind === 'mysql'
          ? `CREATE INDEX ix_lookalike ON md_pi_pacote_envio (sta_integracao(1), ${columns})`
          : `CREATE INDEX ix_lookalike ON md_pi_pacote_envio (sta_integracao, ${columns}) WHERE sta_integracao <> 'I'`
      );
      await h.load(buildScenario('healthy', NOW, SP));
      const summary = await h.invokeAt('stalled-packages', NOW, {});
      expect(summary.figures.packageAccess).toBe('scan');
    } finally {
      await h.close();
    }
  });

  /** Both harnesses load `dataset`; each check must decide and count the same on both paths. */
  async function expectSameThroughIndex(dataset: SeiDataset): Promise<void> {
    for (const h of [scan, indexed]) {
      await h.reset();
      await h.load(dataset);
    }
    for (const check of CHECKS) {
      // One after the other: invokeAt fakes the global clock. Each harness keeps its own notice state.
      const run = (h: NotifierHarness) => h.invokeAt(check, NOW, {}).catch((error: Error) => ({ error: error.message }));
      const a = await run(scan);
      const b = await run(indexed);
      if ('error' in a || 'error' in b) {
        expect(b).toEqual(a);
        continue;
      }
      expect(a.check).toBe(check);
      expect(a.figures.packageAccess).toBe('scan');
      expect(b.figures.packageAccess).toBe('index');
      const { packageAccess: _a, ...figuresA } = a.figures;
      const { packageAccess: _b, ...figuresB } = b.figures;
      expect({ check, decision: b.decision, reason: b.reason, figures: figuresB }).toEqual({
        check,
        decision: a.decision,
        reason: a.reason,
        figures: figuresA,
      });
    }
  }

  it.each(Object.keys(SCENARIOS) as ScenarioName[])('%s: same decisions and figures through the index', async (name) => {
    await expectSameThroughIndex(buildScenario(name, NOW, SP));
  });

  it('rows outside the ranges the module writes to are still found: a package set back to NI by hand after a try, tries with their time cleared, lower-case statuses', async () => {
    const dataset = buildScenario('partial-failure', NOW, SP, (b) => {
      const newest = b.cycleStart(0);
      const old = b.cycleStart(8);
      b.add({ status: 'NI', attempts: 3, statusChangedAt: null, cycle: newest });
      b.add({ status: 'FI', attempts: 2, statusChangedAt: null, cycle: newest, error: ERRORS.timeout });
      b.add({ status: 'I', attempts: 1, statusChangedAt: null, cycle: newest });
      b.add({ status: 'fi', attempts: 15, statusChangedAt: StoryBuilder.plusMinutes(old, 5), cycle: old, error: ERRORS.timeout });
      b.add({
        status: 'en',
        attempts: 4,
        statusChangedAt: StoryBuilder.plusMinutes(newest, 5),
        cycle: newest,
        error: ERRORS.missingInterested,
      });
    });
    await expectSameThroughIndex(dataset);
  });

  it('nothing ever integrated: the same failures re-stamped night after night, no floor for the window', async () => {
    const b = new StoryBuilder(NOW, SP);
    b.cycle(2, StoryBuilder.times(4, { status: 'FI', attempts: 1, error: ERRORS.timeout }));
    const ids = b.packages.map((p) => p.id);
    for (const day of [1, 0]) {
      b.cycle(day, []);
      for (const id of ids) b.restamp(id, { status: 'FI', error: ERRORS.timeout }, b.cycleStart(day));
    }
    await expectSameThroughIndex(b.build());
  });
});
