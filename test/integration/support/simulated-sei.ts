import { expect } from 'vitest';
import type { LocalRunOptions } from '../../../local/harness/local-aws-env';
import { ModuleSimulator } from '../../../local/sei/module-simulator';
import type { CheckName } from '../../../shared/checks/decision';
import type { EngineKind } from './engines';
import type { NotifierHarness } from './notifier-harness';

/** Days of SEI played on the module simulator (local/sei/module-simulator.ts), in one zone and month. */

export const SP = 'America/Sao_Paulo';

/** November 2026, local time: the 2nd is a Monday. */
export const at = (day: number, time: string) => `2026-11-${String(day).padStart(2, '0')} ${time}:00`;

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Each engine read in one pass, and through the index the README recommends (other statements, same decisions). */
export const ENGINE_SETUPS = (['pglite', 'postgres', 'mysql'] as EngineKind[]).flatMap((kind) => [
  { kind, indexed: false, name: kind },
  { kind, indexed: true, name: `${kind} with the recommended index` },
]);

/**
 * A simulated SEI (zone {@link SP}) whose publishing task runs every day at
 * the given hours (`periodicidade_complemento`, default 02:00).
 */
export function dailySei(options: { maxAttempts?: number; moduleVersion?: 2 | 3; hours?: string } = {}): ModuleSimulator {
  const sim = new ModuleSimulator(SP, options.maxAttempts, options.moduleVersion);
  sim.task.periodicity = 'D';
  sim.task.complement = options.hours ?? '2';
  return sim;
}

/**
 * Runs a scheduled check at a local time on the database as the module left
 * it, and asserts it read the table the way the setup says.
 */
export async function checkAt(
  h: NotifierHarness,
  sim: ModuleSimulator,
  indexed: boolean,
  name: CheckName,
  local: string,
  options: Partial<LocalRunOptions> = {}
) {
  await h.load(sim.dataset());
  h.ses.clear();
  const summary = await h.invokeAt(name, sim.instant(local), options);
  expect(summary.figures).toMatchObject({ packageAccess: indexed ? 'index' : 'scan' });
  return summary;
}
