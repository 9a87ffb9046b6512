/**
 * The dead-man's switch as synthesized, played through the days an operator
 * lives: the template's helper alarms are evaluated with CloudWatch's
 * documented rules for missing data (ignore: the state is kept; missing: all
 * points missing is INSUFFICIENT_DATA; breaching: a missing point breaches),
 * and the composite alarm's rule is evaluated on their states.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { appWithoutBundling, FULL_CONTEXT, REQUIRED_CONTEXT, renderCfnString } from './fixtures';

type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

interface AlarmProps {
  readonly AlarmName: string;
  readonly TreatMissingData: 'ignore' | 'missing' | 'breaching' | 'notBreaching';
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold';
}

/**
 * One evaluation of a metric alarm over its window (newest last; `undefined`
 * is a missing point), from `current`.
 */
function evaluate(alarm: AlarmProps, window: ReadonlyArray<number | undefined>, current: State): State {
  const breaches = (v: number) => (alarm.ComparisonOperator === 'LessThanThreshold' ? v < alarm.Threshold : v >= alarm.Threshold);
  const present = window.filter((v): v is number => v !== undefined);
  if (present.length === 0) {
    if (alarm.TreatMissingData === 'ignore') return current;
    if (alarm.TreatMissingData === 'missing') return 'INSUFFICIENT_DATA';
  }
  const points = window.map((v) => (v === undefined ? alarm.TreatMissingData === 'breaching' : breaches(v)));
  const needed = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
  return points.filter(Boolean).length >= needed ? 'ALARM' : 'OK';
}

/** The hourly heartbeat series: 1 in the hours a scheduled run completed. */
const hoursWithRuns = (total: number, runsAt: readonly number[]) =>
  Array.from({ length: total }, (_, hour) => (runsAt.includes(hour) ? 1 : undefined));

/** Plays `hours` hours of a heartbeat through the switch of one check and returns the composite's states, hour by hour. */
function play(template: Template, name: string, hours: number, runsAt: readonly number[]): State[] {
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(
    ([logicalId, r]) => [logicalId, r.Properties as AlarmProps] as const
  );
  /** The helper alarm's logical id and properties. */
  const helper = (suffix: string) => {
    const found = alarms.find(([, a]) => a.AlarmName.endsWith(`-${name}-sem-execucao-${suffix}`));
    if (!found) throw new Error(`no helper ${suffix} for ${name}`);
    return found;
  };
  const [armedId, armed] = helper('armado');
  const [recentId, recent] = helper('recente');
  const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')).find((r) =>
    String(r.Properties.AlarmName).endsWith(`-${name}-sem-execucao`)
  );
  const rule = renderCfnString(composite?.Properties.AlarmRule);
  const series = hoursWithRuns(hours, runsAt);
  let armedState: State = 'INSUFFICIENT_DATA';
  let recentState: State = 'INSUFFICIENT_DATA';
  const states: State[] = [];
  for (let hour = 0; hour < hours; hour++) {
    const windowOf = (alarm: AlarmProps) => series.slice(Math.max(0, hour + 1 - alarm.EvaluationPeriods), hour + 1);
    armedState = evaluate(armed, windowOf(armed), armedState);
    recentState = evaluate(recent, windowOf(recent), recentState);
    // The rule, read from the template: OK("<armed>") AND INSUFFICIENT_DATA("<recent>").
    const truth = rule.replace(/(OK|ALARM|INSUFFICIENT_DATA)\("<GetAtt:([^.]+)\.Arn>"\)/g, (_m, state: string, id: string) =>
      String((id === armedId ? armedState : id === recentId ? recentState : 'unknown') === state)
    );
    expect(truth).toMatch(/^[()\s]*(true|false)(\s+AND\s+(true|false))*[()\s]*$/);
    states.push(truth.includes('false') ? 'OK' : 'ALARM');
    // Neither helper ever goes to ALARM (they have no actions either).
    expect([armedState, recentState]).not.toContain('ALARM');
  }
  return states;
}

const daily = Template.fromStack(appWithoutBundling(FULL_CONTEXT).stack);
const WEEK = 7 * 24;

describe("dead-man's switch (daily schedule: 26 h)", () => {
  it.each(['processos-com-falha', 'pacotes-sem-envio'])(
    '%s: no ALARM right after the deploy, through a week with no run at all',
    (name) => {
      expect(play(daily, name, WEEK, [])).not.toContain('ALARM');
    }
  );

  it('no ALARM while the scheduled runs arrive every day', () => {
    const everyDay = Array.from({ length: 7 }, (_, day) => day * 24 + 5);
    expect(play(daily, 'processos-com-falha', WEEK, everyDay)).not.toContain('ALARM');
  });

  it('ALARM once a check that ran from its schedule misses its interval (schedule paused in the console), OK when runs resume', () => {
    // Runs on days 0 and 1 at 05:00, paused, then daily again from day 5.
    const states = play(daily, 'pacotes-sem-envio', WEEK, [5, 29, 125, 149]);
    expect(states.slice(0, 29 + 26)).not.toContain('ALARM');
    expect(states[29 + 26]).toBe('ALARM');
    expect(states.slice(29 + 26, 125).every((s) => s === 'ALARM')).toBe(true);
    expect(states.slice(125)).not.toContain('ALARM');
  });

  it('the old switch (missing data breaching) was red from the first hour: the model tells them apart', () => {
    const old: AlarmProps = {
      AlarmName: 'old',
      TreatMissingData: 'breaching',
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    };
    expect(evaluate(old, hoursWithRuns(26, []), 'INSUFFICIENT_DATA')).toBe('ALARM');
  });
});

describe('schedules disabled by configuration', () => {
  it('no switch and no helper alarm: nothing is supposed to run, so nothing can be missed', () => {
    const t = Template.fromStack(appWithoutBundling({ ...REQUIRED_CONTEXT, schedulesEnabled: 'false' }).stack);
    t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    expect(JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'))).not.toContain('ScheduledRunCompleted');
    // The six alarms of real failures stay.
    t.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    t.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
  });
});
