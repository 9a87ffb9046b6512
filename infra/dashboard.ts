/**
 * `NotifierDashboard`: one CloudWatch dashboard with what the checks found
 * (their custom metrics), how the functions ran, the alarms, and the two
 * failure queues, over the last weeks.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRIC } from '../shared/metric-names';
import { type CheckFunction, SERVICE_NAME } from './check-function';

/**
 * One point per 24 hours. The checks run once a day, so a finer period would
 * show isolated dots.
 */
export const DASHBOARD_PERIOD = Duration.days(1);

/** Time range shown when the dashboard opens. */
export const DASHBOARD_DEFAULT_INTERVAL = Duration.days(28);

/** A custom metric the functions emit, and how the dashboard shows it. */
export interface CustomMetricSpec {
  /** Metric name, exactly as the function emits it. */
  readonly name: string;
  /** Legend (pt-BR). */
  readonly label: string;
  /** `Maximum` for values that describe a state (counts found, days), `Sum` for events. */
  readonly statistic: 'Maximum' | 'Sum';
}

/**
 * The custom metrics (in the stack's namespace, its name unless `metricsNamespace` says otherwise; single dimension
 * `service` = {@link SERVICE_NAME}, unit Count, days included). Both checks
 * emit `MailsSent` under the same name and dimension: one series for both.
 */
export const CUSTOM_METRICS = {
  failedProcesses: [
    { name: METRIC.infrastructureFailures, label: 'Falhas de infraestrutura no último ciclo', statistic: 'Maximum' },
    { name: METRIC.businessErrors, label: 'Erros negociais no último ciclo', statistic: 'Maximum' },
    { name: METRIC.exhaustedAttempts, label: 'Pacotes com tentativas esgotadas', statistic: 'Maximum' },
  ],
  stalledPackages: [
    { name: METRIC.daysSinceLastSuccess, label: 'Dias desde o último envio com sucesso', statistic: 'Maximum' },
    { name: METRIC.daysSinceLastRunEnd, label: 'Dias desde o fim da última execução da tarefa', statistic: 'Maximum' },
  ],
  both: [{ name: METRIC.mailsSent, label: 'E-mails enviados (as duas verificações)', statistic: 'Sum' }],
} as const satisfies Record<string, readonly CustomMetricSpec[]>;

/** Properties of {@link NotifierDashboard}. */
export interface NotifierDashboardProps {
  /** Namespace the functions publish their metrics in (the stack's own). */
  readonly metricsNamespace: string;
  /**
   * Dashboard name (letters, digits, `-` and `_`).
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;
  /** The failed-processes check. */
  readonly failedProcesses: CheckFunction;
  /** The stalled-packages check. */
  readonly stalledPackages: CheckFunction;
  /** Alarms shown in the status widget. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Dead-letter queue of the schedules. */
  readonly scheduleDeadLetterQueue: sqs.IQueue;
  /** On-failure destination of the functions. */
  readonly failedRunQueue: sqs.IQueue;
  /**
   * Days without a package sent before the stalled-packages check alerts;
   * drawn as a line on its graph.
   * @default - no line (the threshold is the SEI task parameter, read at run time)
   */
  readonly stalledAfterDays?: number;
}

/** A custom metric of the notifier in `namespace`, one point per day. */
export function customMetric(spec: CustomMetricSpec, namespace: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: spec.name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: spec.statistic,
    period: DASHBOARD_PERIOD,
    label: spec.label,
  });
}

/** Widgets are 6 high; the grid is 24 wide. */
const HEIGHT = 6;
const THIRD = 8;
const HALF = 12;
const FULL = 24;

/**
 * The notifier's dashboard:
 *
 * 1. a short guide (text);
 * 2. the state of every alarm;
 * 3. per check, one row: what it found (custom metrics), its runs
 *    (invocations, errors, throttles) and its duration against the timeout;
 * 4. e-mails sent, and the messages waiting in the two failure queues.
 */
export class NotifierDashboard extends cloudwatch.Dashboard {
  constructor(scope: Construct, id: string, props: NotifierDashboardProps) {
    const metricOf = (spec: CustomMetricSpec) => customMetric(spec, props.metricsNamespace);
    super(scope, id, {
      dashboardName: props.dashboardName,
      defaultInterval: DASHBOARD_DEFAULT_INTERVAL,
      // Keep one point per day whatever the time range (the default "auto"
      // would change the period with the range).
      periodOverride: cloudwatch.PeriodOverride.INHERIT,
    });

    this.addWidgets(
      new cloudwatch.TextWidget({
        width: FULL,
        height: 2,
        markdown:
          '## Notificador do Protocolo Integrado (SEI)\n' +
          'Cada ponto resume 24 horas. As métricas das verificações só existem nos dias em que a função ' +
          'rodou de verdade (agendamento ou teste com `{}`); `dry-run` e `test` não contam. ' +
          'Detalhes em docs/implantacao.md, seção "Painel".',
      })
    );
    this.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarmes do notificador',
        alarms: [...props.alarms],
        width: FULL,
        height: 3,
      })
    );

    this.addWidgets(
      graph('Processos com falha: o que a verificação encontrou', CUSTOM_METRICS.failedProcesses.map(metricOf), {
        label: 'pacotes',
      }),
      ...functionWidgets('Processos com falha', props.failedProcesses)
    );

    const threshold = props.stalledAfterDays;
    this.addWidgets(
      graph('Pacotes sem envio: dias parados', CUSTOM_METRICS.stalledPackages.map(metricOf), {
        label: 'dias',
        annotations:
          threshold === undefined ? [] : [{ value: threshold, label: `Limite de alerta (${threshold} dias)`, color: cloudwatch.Color.RED }],
      }),
      ...functionWidgets('Pacotes sem envio', props.stalledPackages)
    );

    this.addWidgets(
      graph('E-mails enviados por dia', CUSTOM_METRICS.both.map(metricOf), { label: 'e-mails', width: HALF }),
      graph(
        'Filas de falhas: mensagens à espera',
        [
          props.failedRunQueue.metricApproximateNumberOfMessagesVisible({
            period: DASHBOARD_PERIOD,
            statistic: 'Maximum',
            label: 'Execuções com falha (destino on-failure)',
          }),
          props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: DASHBOARD_PERIOD,
            statistic: 'Maximum',
            label: 'Agendamentos não entregues (DLQ)',
          }),
        ],
        { label: 'mensagens', width: HALF }
      )
    );
  }
}

/** A line graph from zero. */
function graph(
  title: string,
  metrics: cloudwatch.IMetric[],
  options: { label: string; width?: number; annotations?: cloudwatch.HorizontalAnnotation[] }
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left: metrics,
    leftYAxis: { min: 0, label: options.label, showUnits: false },
    leftAnnotations: options.annotations,
    width: options.width ?? THIRD,
    height: HEIGHT,
  });
}

/** Runs (invocations, errors, throttles) and duration of one check. */
function functionWidgets(name: string, check: CheckFunction): cloudwatch.GraphWidget[] {
  const fn = check.function;
  const sum = { period: DASHBOARD_PERIOD, statistic: 'Sum' };
  const timeout = fn.timeout;
  return [
    graph(
      `${name}: execuções`,
      [
        fn.metricInvocations({ ...sum, label: 'Invocações' }),
        fn.metricErrors({ ...sum, label: 'Erros', color: cloudwatch.Color.RED }),
        fn.metricThrottles({ ...sum, label: 'Limitações (throttling)', color: cloudwatch.Color.ORANGE }),
      ],
      { label: 'por dia' }
    ),
    graph(
      `${name}: duração`,
      [
        fn.metricDuration({ period: DASHBOARD_PERIOD, statistic: 'Maximum', label: 'Duração máxima' }),
        fn.metricDuration({ period: DASHBOARD_PERIOD, statistic: 'Average', label: 'Duração média' }),
      ],
      {
        label: 'ms',
        annotations:
          timeout === undefined ? [] : [{ value: timeout.toMilliseconds(), label: 'Tempo limite da função', color: cloudwatch.Color.RED }],
      }
    ),
  ];
}
