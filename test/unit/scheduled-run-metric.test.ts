/**
 * The dead-man's switch's heartbeat and the namespace the functions publish
 * in, on the real Powertools Metrics: the EMF lines it writes are read back.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/env-names';
import { metricsNamespaceOf } from '../../shared/metrics-namespace';
import { parseRunEvent } from '../../shared/notifier/run-event';
import { emitScheduledRunCompleted } from '../../shared/notifier/scheduled-run-metric';

/** EMF documents written to stdout while `action` runs. */
function emfLinesOf(action: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    action();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('metricsNamespaceOf', () => {
  it("reads the stack's namespace from POWERTOOLS_METRICS_NAMESPACE, else the default", () => {
    expect(metricsNamespaceOf({ POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier-Homologacao' })).toBe('SeiPiNotifier-Homologacao');
    expect(metricsNamespaceOf({ POWERTOOLS_METRICS_NAMESPACE: '  ' })).toBe(METRICS_NAMESPACE);
    expect(metricsNamespaceOf({})).toBe(METRICS_NAMESPACE);
  });
});

describe('emitScheduledRunCompleted', () => {
  let metrics: Metrics;
  const saved = process.env.POWERTOOLS_DEV;
  beforeEach(() => {
    // Powertools writes EMF with its own Console on stdout unless POWERTOOLS_DEV is set.
    delete process.env.POWERTOOLS_DEV;
    metrics = new Metrics({
      namespace: metricsNamespaceOf({ POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier-Producao' }),
      serviceName: SERVICE_NAME,
    });
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.POWERTOOLS_DEV;
    else process.env.POWERTOOLS_DEV = saved;
  });

  it('a run the schedule started emits ScheduledRunCompleted=1 at once, in the namespace given, by service and check', () => {
    const request = parseRunEvent({ scheduledTime: '2026-12-01T20:00:00Z' });
    let emitted = false;
    const docs = emfLinesOf(() => {
      emitted = emitScheduledRunCompleted(metrics, 'stalled-packages', request);
    });
    expect(emitted).toBe(true);
    expect(docs).toHaveLength(1);
    const doc = docs[0] as { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: unknown[] }> } };
    expect(doc).toMatchObject({ ScheduledRunCompleted: 1, service: SERVICE_NAME, check: 'stalled-packages' });
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'SeiPiNotifier-Producao',
        Dimensions: [expect.arrayContaining(['service', 'check'])],
        Metrics: [{ Name: 'ScheduledRunCompleted', Unit: 'Count' }],
      },
    ]);
  });

  it.each([
    ['a console run ({})', {}],
    ['a dry run', { mode: 'dry-run' }],
    ['a test mail', { mode: 'test' }],
    ['a dry run that copies the scheduled time', { mode: 'dry-run', scheduledTime: '2026-12-01T20:00:00Z' }],
  ])('%s emits nothing: it can neither silence the switch nor count as a schedule', (_what, event) => {
    let emitted = true;
    const docs = emfLinesOf(() => {
      emitted = emitScheduledRunCompleted(metrics, 'failed-processes', parseRunEvent(event));
    });
    expect(emitted).toBe(false);
    expect(docs).toEqual([]);
  });
});
