/**
 * The alarms of the notifier's own failures, on the operators' topic: each
 * check's errors and throttles, and a message in either failure queue.
 */
import type { CheckFunction } from './check-function';
import type { FailureQueue } from './failure-queue';
import { ALARM_PERIOD, type OperatorAlerts } from './operator-alerts';

/** A check as the alarms name it (pt-BR). */
export interface AlarmedCheck {
  readonly check: CheckFunction;
  /** Alarm name part, e.g. `processos-com-falha`. */
  readonly name: string;
  /** Words in the alarm description, e.g. `processos com falha`. */
  readonly label: string;
}

export interface NotifierAlarmsProps {
  readonly checks: readonly AlarmedCheck[];
  /** The schedules' dead-letter queue (Invoke calls never delivered). */
  readonly scheduleDeadLetterQueue: FailureQueue;
  /** The functions' on-failure destination (runs that failed after Lambda's retries). */
  readonly failedRunQueue: FailureQueue;
}

/** Adds the alarms of the notifier's own failures to the operators' alerts. */
export function addNotifierAlarms(alerts: OperatorAlerts, props: NotifierAlarmsProps): void {
  for (const { check, name, label } of props.checks) {
    const fn = check.function;
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
      'Uma verificação falhou mesmo depois das novas tentativas da Lambda: a notificação daquele ' +
      'dia não foi enviada. Leia a mensagem na fila de execuções com falha e os logs da função.',
  });
}
