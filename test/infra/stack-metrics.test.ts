/**
 * Two copies of the notifier in one account (homologação and produção, by
 * `stackName`): each stack's functions publish in a namespace of its own, and
 * its dashboard and dead-man's switches read only that one.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { appWithoutBundling, FULL_CONTEXT, renderCfnString } from './fixtures';

/** What one stack's template says about metrics: namespaces set, graphed and alarmed on, and the dashboard's name. */
function metricsOf(stackName: string | undefined) {
  const template = Template.fromStack(appWithoutBundling({ ...FULL_CONTEXT, ...(stackName ? { stackName } : {}) }).stack);
  const set = Object.values(template.findResources('AWS::Lambda::Function')).map(
    (fn) => (fn.Properties.Environment.Variables as Record<string, unknown>).POWERTOOLS_METRICS_NAMESPACE
  );
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const widgets = (
    JSON.parse(renderCfnString(dashboard?.Properties.DashboardBody)) as { widgets: Array<{ properties: { metrics?: unknown[][] } }> }
  ).widgets;
  const graphed = widgets.flatMap((w) => w.properties.metrics ?? []).map((line) => line[0]);
  const alarmed = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.Namespace);
  return {
    set: new Set(set),
    graphed: new Set(graphed.filter((ns) => !String(ns).startsWith('AWS/'))),
    alarmed: new Set(alarmed.filter((ns) => !String(ns).startsWith('AWS/'))),
    dashboardName: dashboard?.Properties.DashboardName,
  };
}

describe('two stacks in one account', () => {
  const producao = metricsOf(undefined);
  const homologacao = metricsOf('SeiPiNotifier-Homologacao');

  it("each stack's functions publish in the stack's own namespace (POWERTOOLS_METRICS_NAMESPACE, read by the handlers)", () => {
    expect(producao.set).toEqual(new Set(['SeiPiNotifier']));
    expect(homologacao.set).toEqual(new Set(['SeiPiNotifier-Homologacao']));
  });

  it('each dashboard graphs only its own stack, and each dead-man switch listens only to its own', () => {
    expect(producao.graphed).toEqual(producao.set);
    expect(homologacao.graphed).toEqual(homologacao.set);
    expect(producao.alarmed).toEqual(producao.set);
    expect(homologacao.alarmed).toEqual(homologacao.set);
    expect(producao.dashboardName).toBe('SeiPiNotifier-Notifier');
    expect(homologacao.dashboardName).toBe('SeiPiNotifier-Homologacao-Notifier');
  });
});
