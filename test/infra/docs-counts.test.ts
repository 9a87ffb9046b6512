/**
 * The counts docs/implantacao.md gives (resource table, cost table, dashboard
 * section) are the template's: a change to the stack that changes a count
 * fails here until the guide says so.
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { appWithoutBundling, FULL_CONTEXT, REQUIRED_CONTEXT, renderCfnString } from './fixtures';

const guide = readFileSync(new URL('../../docs/implantacao.md', import.meta.url), 'utf8');
const template = Template.fromStack(appWithoutBundling(FULL_CONTEXT).stack);
const count = (t: Template, type: string) => Object.keys(t.findResources(type)).length;

/** Alarms that notify the operators' topic, and those that only feed a dead-man's switch. */
function alarmsOf(t: Template) {
  const all = [
    ...Object.values(t.findResources('AWS::CloudWatch::Alarm')),
    ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm')),
  ];
  const notifying = all.filter((a) => (a.Properties.AlarmActions ?? []).length > 0).length;
  return { notifying, helpers: all.length - notifying };
}

/** The first number the guide writes before `phrase` (a regular expression source), or a failure naming it. */
function numberBefore(phrase: string): number {
  const match = new RegExp(`(\\d+) ${phrase}`).exec(guide);
  if (!match) throw new Error(`docs/implantacao.md no longer says "<n> ${phrase}"`);
  return Number(match[1]);
}

describe('docs/implantacao.md counts what the template has', () => {
  it('resource table: every row is counted, and each count is the template’s', () => {
    const table = guide.slice(guide.indexOf('| Recurso | Para quê |'), guide.indexOf('O banco do SEI, o segredo'));
    const rows = table.split('\n').filter((line) => /^\| \d/.test(line));
    const checks: Array<[RegExp, (row: string) => void]> = [
      [/^\| (\d+) funções Lambda/, (row) => expect(first(row)).toBe(count(template, 'AWS::Lambda::Function'))],
      [/^\| (\d+) agendamentos do EventBridge Scheduler/, (row) => expect(first(row)).toBe(count(template, 'AWS::Scheduler::Schedule'))],
      [/^\| (\d+) fila SQS/, () => undefined],
      [/^\| (\d+) configuration set do SES/, (row) => expect(first(row)).toBe(count(template, 'AWS::SES::ConfigurationSet'))],
      [/^\| (\d+) tópicos SNS/, (row) => expect(first(row)).toBe(count(template, 'AWS::SNS::Topic'))],
      [/^\| (\d+) tabela do DynamoDB/, (row) => expect(first(row)).toBe(count(template, 'AWS::DynamoDB::Table'))],
      [
        /^\| (\d+) alarmes do CloudWatch que avisam, e (\d+) auxiliares/,
        (row) => {
          const [, notifying, helpers] = /^\| (\d+) alarmes do CloudWatch que avisam, e (\d+) auxiliares/.exec(row) ?? [];
          expect({ notifying: Number(notifying), helpers: Number(helpers) }).toEqual(alarmsOf(template));
          const disabled = Template.fromStack(appWithoutBundling({ ...REQUIRED_CONTEXT, schedulesEnabled: 'false' }).stack);
          expect(row).toContain(`com \`schedulesEnabled=false\` não há vigias nem auxiliares (${alarmsOf(disabled).notifying} alarmes)`);
          expect(alarmsOf(disabled).helpers).toBe(0);
        },
      ],
      [/^\| (\d+) painel/, (row) => expect(first(row)).toBe(count(template, 'AWS::CloudWatch::Dashboard'))],
      [
        /^\| (\d+) grupos de logs .* e (\d+) papéis IAM/,
        (row) => {
          const [, logGroups, roles] = /^\| (\d+) grupos de logs .* e (\d+) papéis IAM/.exec(row) ?? [];
          expect([Number(logGroups), Number(roles)]).toEqual([count(template, 'AWS::Logs::LogGroup'), count(template, 'AWS::IAM::Role')]);
        },
      ],
    ];
    for (const row of rows) {
      const found = checks.find(([pattern]) => pattern.test(row));
      expect(found, `a row the test does not count: ${row.slice(0, 80)}`).toBeDefined();
      found?.[1](row);
    }
    const queues = rows.filter((row) => /^\| \d+ fila SQS/.test(row)).reduce((sum, row) => sum + first(row), 0);
    expect(queues).toBe(count(template, 'AWS::SQS::Queue'));
    expect(rows.length).toBeGreaterThanOrEqual(checks.length);
  });

  it('cost table: metric alarms and composite alarms', () => {
    expect(numberBefore('alarmes de 1 métrica')).toBe(count(template, 'AWS::CloudWatch::Alarm'));
    expect(numberBefore('alarmes compostos')).toBe(count(template, 'AWS::CloudWatch::CompositeAlarm'));
  });

  it('dashboard section: the alarms its status widget shows, and the custom series billed', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.parse(renderCfnString(dashboard?.Properties.DashboardBody)) as {
      widgets: Array<{ type: string; properties: { alarms?: string[]; metrics?: unknown[][] } }>;
    };
    const shown = body.widgets.flatMap((w) => w.properties.alarms ?? []);
    expect(numberBefore('alarmes que avisam, da seção')).toBe(shown.length);
    expect(shown.length).toBe(alarmsOf(template).notifying);
    // Custom series: the dashboard's (namespace SeiPiNotifier) and the heartbeats the switches listen to.
    const series = new Set<string>();
    for (const line of body.widgets.flatMap((w) => w.properties.metrics ?? [])) {
      if (line[0] === 'SeiPiNotifier') series.add(JSON.stringify(line.slice(0, 4)));
    }
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      if (alarm.Properties.Namespace === 'SeiPiNotifier') {
        series.add(JSON.stringify([alarm.Properties.MetricName, alarm.Properties.Dimensions]));
      }
    }
    expect(numberBefore('séries personalizadas')).toBe(series.size);
  });
});

function first(row: string): number {
  return Number(/^\| (\d+)/.exec(row)?.[1]);
}
