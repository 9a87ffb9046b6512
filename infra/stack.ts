/**
 * `ProtocoloIntegradoNotifierStack`: a thin stack around the
 * {@link ProtocoloIntegradoNotifier} construct, with outputs for operators.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ProtocoloIntegradoNotifier, type ProtocoloIntegradoNotifierProps } from './notifier';

/** Properties of {@link ProtocoloIntegradoNotifierStack}. */
export interface ProtocoloIntegradoNotifierStackProps extends StackProps {
  /** Configuration of the notifier. */
  readonly notifier: ProtocoloIntegradoNotifierProps;
}

/** The deployable stack: the notifier plus the names operators look for in the console. */
export class ProtocoloIntegradoNotifierStack extends Stack {
  /** The notifier. */
  public readonly notifier: ProtocoloIntegradoNotifier;

  constructor(scope: Construct, id: string, props: ProtocoloIntegradoNotifierStackProps) {
    super(scope, id, {
      description: 'Notificações do SEI Protocolo Integrado (processos com falha e pacotes sem envio)',
      ...props,
    });
    this.notifier = new ProtocoloIntegradoNotifier(this, 'Notifier', props.notifier);
    const n = this.notifier;

    new CfnOutput(this, 'FailedProcessesFunctionName', {
      description: 'Função da verificação de processos com falha (teste manual: aba Test, evento {})',
      value: n.failedProcesses.function.functionName,
    });
    new CfnOutput(this, 'StalledPackagesFunctionName', {
      description: 'Função da verificação de pacotes sem envio (teste manual: aba Test, evento {})',
      value: n.stalledPackages.function.functionName,
    });
    new CfnOutput(this, 'ScheduleGroupName', {
      description: 'Grupo de agendamentos do EventBridge Scheduler (habilitar/desabilitar no console)',
      value: n.scheduleGroup.scheduleGroupName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Tópico SNS dos alertas do próprio notificador',
      value: n.alerts.topic.topicArn,
    });
    new CfnOutput(this, 'MailConfigurationSetName', {
      description: 'Configuration set do SES usado em todos os e-mails',
      value: n.mailEvents.configurationSet.configurationSetName,
    });
    new CfnOutput(this, 'FailedRunQueueName', {
      description: 'Fila das execuções que falharam após as novas tentativas da Lambda',
      value: n.failedRunQueue.queueName,
    });
    new CfnOutput(this, 'StateTableName', {
      description: 'Tabela do DynamoDB com os registros de idempotência e o estado das notificações',
      value: n.stateTable.tableName,
    });
    new CfnOutput(this, 'DashboardName', {
      description: 'Painel do CloudWatch do notificador (CloudWatch → Dashboards)',
      value: n.dashboard.dashboardName,
    });
    new CfnOutput(this, 'ScheduleDeadLetterQueueName', {
      description: 'Fila de mensagens mortas dos agendamentos',
      value: n.scheduleDeadLetterQueue.queueName,
    });
  }
}
