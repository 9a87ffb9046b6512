/**
 * The alarms of the notifier's own failures, on the operators' topic: each
 * check's errors and throttles, a message in either failure queue, and, while
 * the schedules are enabled, each check's dead-man's switch.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { CheckName } from '../shared/checks/decision';
import { SERVICE_NAME } from '../shared/env-names';
import { CHECK_DIMENSION, METRIC } from '../shared/metric-names';
import type { CheckFunction } from './check-function';
import type { FailureQueue } from './failure-queue';
import { ALARM_PERIOD, type OperatorAlerts } from './operator-alerts';

/** A check as the alarms name it (pt-BR). */
export interface AlarmedCheck {
  readonly check: CheckFunction;
  /** The check's own name: the `check` dimension of its scheduled-run heartbeat. */
  readonly checkName: CheckName;
  /** Its schedule's cron: how long a silence means it stopped running. */
  readonly cron: string;
  /** Alarm name part, e.g. `processos-com-falha`. */
  readonly name: string;
  /** Words in the alarm description, e.g. `processos com falha`. */
  readonly label: string;
}

export interface NotifierAlarmsProps {
  readonly checks: readonly AlarmedCheck[];
  /** Namespace the functions publish their metrics in (the stack's own). */
  readonly metricsNamespace: string;
  /**
   * Whether the schedules are deployed enabled. When not, no dead-man's
   * switch is created: nothing is supposed to run, so nothing can be missed.
   */
  readonly schedulesEnabled: boolean;
  /** The schedules' dead-letter queue (Invoke calls never delivered). */
  readonly scheduleDeadLetterQueue: FailureQueue;
  /** The functions' on-failure destination (runs that failed after Lambda's retries). */
  readonly failedRunQueue: FailureQueue;
}

/** Adds the alarms of the notifier's own failures to the operators' alerts. */
export function addNotifierAlarms(alerts: OperatorAlerts, props: NotifierAlarmsProps): void {
  for (const { check, checkName, name, label, cron } of props.checks) {
    const fn = check.function;
    const hours = silenceHoursOf(cron);
    if (props.schedulesEnabled && hours !== undefined) {
      alerts.alarmWhenSilent(`${check.node.id}Silent`, {
        name: `${name}-sem-execucao`,
        label,
        hours,
        heartbeat: scheduledRunHeartbeat(props.metricsNamespace, checkName),
        description: silenceDescription(label, hours, `${name}-erros`),
      });
    }
    alerts.alarmWhen(`${check.node.id}Errors`, {
      name: `${name}-erros`,
      metric: fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      description:
        `A verificação de ${label} terminou com erro. A Lambda tenta de novo até 2 vezes; ` +
        'se todas falharem, o evento vai para a fila de execuções com falha. ' +
        'Veja os logs da função no CloudWatch Logs.',
    });
    alerts.alarmWhen(`${check.node.id}Throttles`, {
      name: `${name}-limitada`,
      metric: fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
      description:
        `A verificação de ${label} foi limitada (throttling): outra execução estava em andamento ` +
        'ou falta concorrência na conta. A Lambda tenta de novo por até 6 horas.',
    });
  }
  alerts.alarmWhen('ScheduleDeadLetterQueueMessages', {
    name: 'agendamento-nao-entregue',
    metric: props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
    description:
      'O EventBridge Scheduler não conseguiu acionar uma verificação (mensagem na fila de ' +
      'mensagens mortas dos agendamentos). Leia a mensagem na fila para ver o motivo.',
  });
  alerts.alarmWhen('FailedRunQueueMessages', {
    name: 'execucao-com-falha',
    metric: props.failedRunQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
    description:
      'Uma verificação falhou mesmo depois das novas tentativas da Lambda (a notificação não foi enviada), ' +
      'ou o tópico dos operadores recusou o aviso de um problema de entrega do SES (guardado na fila, com os ' +
      'endereços mascarados, para publicar à mão). Leia a mensagem na fila de execuções com falha e os logs da função.',
  });
}

/** One point per hour: the scheduled runs the check completed (`ScheduledRunCompleted`, emitted by the handler). */
export function scheduledRunHeartbeat(namespace: string, checkName: CheckName): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: METRIC.scheduledRunCompleted,
    dimensionsMap: { service: SERVICE_NAME, [CHECK_DIMENSION]: checkName },
    statistic: 'Sum',
    period: Duration.hours(1),
  });
}

/**
 * What the switch says (pt-BR, in every alarm e-mail): what it means, that a
 * schedule paused in the console raises it, how to mute it, and when it clears.
 */
export function silenceDescription(label: string, hours: number, errorsAlarm: string): string {
  return (
    `A verificação de ${label} já rodou pelo agendamento, mas não concluiu nenhuma execução agendada nas últimas ${hours} horas. ` +
    'Se o agendamento foi desativado (Disable) no console do EventBridge Scheduler, este aviso é o esperado: ' +
    'para não recebê-lo durante uma pausa, implante com -c schedulesEnabled=false (o alarme deixa de existir até reativar) ' +
    'ou desligue as ações dele (aws cloudwatch disable-alarm-actions --alarm-names <nome deste alarme>). ' +
    `Senão, as execuções falharam: veja o alarme ${errorsAlarm} e os logs da função. ` +
    'Execuções pelo console (Test) não contam. Volta a OK na próxima execução agendada concluída; ' +
    'um OK logo depois da implantação só indica que o alarme foi criado.'
  );
}

/** EventBridge Scheduler day-of-week names (1 = SUN … 7 = SAT). */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The weekdays (0 = Sunday) a day-of-week field allows; `undefined` when it is not read. */
function weekdaysOf(field: string): Set<number> | undefined {
  if (field === '*' || field === '?') return new Set([0, 1, 2, 3, 4, 5, 6]);
  const day = (token: string) => {
    const n = /^\d$/.test(token) ? Number(token) - 1 : WEEKDAYS.indexOf(token.toUpperCase());
    return n >= 0 && n <= 6 ? n : undefined;
  };
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to] = part.split('-').map(day);
    if (from === undefined || (part.includes('-') && to === undefined)) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === (to ?? from)) break;
    }
  }
  return days;
}

/**
 * Hours without a successful run after which a check counts as silent: the
 * longest gap between the days its cron runs, plus 2 hours. `undefined` (no
 * alarm) when the cron is monthly or yearly, its day-of-week field is not
 * plain days, or the gap exceeds the 7 days a CloudWatch alarm can look back.
 */
export function silenceHoursOf(cron: string): number | undefined {
  const fields = /^cron\((.*)\)$/.exec(cron)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [, , dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  if (!['*', '?'].includes(dayOfMonth) || month !== '*') return undefined;
  const days = weekdaysOf(dayOfWeek);
  if (!days || days.size === 0) return undefined;
  const sorted = [...days].sort((a, b) => a - b);
  const gapDays = Math.max(...sorted.map((d, i) => ((sorted[(i + 1) % sorted.length] ?? d) - d + 7) % 7 || 7));
  const hours = gapDays * 24 + 2;
  return hours <= 168 ? hours : undefined;
}
