import type { BenchReport } from './report';

/** Analysis appended to docs/benchmarks.md. */
export function analysis(_report: BenchReport): string {
  return '';
}
