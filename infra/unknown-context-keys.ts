/**
 * Context keys that are neither the app's nor the CDK's own: almost always a
 * typo (`-c schedulesEnable=false` would otherwise be ignored and deploy the
 * schedules enabled). Each one is a problem, with the nearest valid key.
 */
import type { ConfigProblem } from './config';

/**
 * Context keys the CDK itself uses without a `:` or a leading `@`: the CLI's
 * telemetry switch (cdk.json) and the notices acknowledged with `cdk acknowledge`.
 * Everything else of the CDK is namespaced: feature flags (`@aws-cdk/…`), the
 * CLI's settings (`aws:cdk:…`, `aws-cdk:…`) and cached lookups
 * (`availability-zones:account=…`, `hosted-zone:…`).
 */
const CDK_PLAIN_KEYS: ReadonlySet<string> = new Set(['cli-telemetry', 'acknowledged-issue-numbers']);

/** Whether a context key belongs to the CDK (CLI, feature flags, lookups). */
export function isCdkContextKey(key: string): boolean {
  return key.startsWith('@') || key.includes(':') || CDK_PLAIN_KEYS.has(key);
}

/** Edit distance (insertions, deletions, substitutions), ignoring letter case. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The valid key nearest to `key`, when it is near enough to be what was
 * meant: at most a third of its letters apart (and at least 2 edits allowed).
 */
export function nearestKey(key: string, validKeys: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of validKeys) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined;
}

/**
 * One problem per context key that is neither in `validKeys` nor the CDK's,
 * naming the nearest valid key (with its example) when there is one.
 *
 * @param examples an example value per valid key, shown with the suggestion
 */
export function unknownContextKeys(
  context: Readonly<Record<string, unknown>>,
  validKeys: readonly string[],
  examples: Readonly<Record<string, string>>
): ConfigProblem[] {
  const valid = new Set(validKeys);
  return Object.keys(context)
    .filter((key) => !valid.has(key) && !isCdkContextKey(key))
    .map((key) => {
      const nearest = nearestKey(key, validKeys);
      if (nearest === undefined) {
        return { key, message: 'chave desconhecida, sem nenhuma parecida entre as do notificador (veja a lista em docs/implantacao.md)' };
      }
      return {
        key,
        message: `chave desconhecida; você quis dizer "${nearest}"?`,
        ...(examples[nearest] === undefined ? {} : { example: examples[nearest], exampleKey: nearest }),
      };
    });
}
