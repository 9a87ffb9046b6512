/**
 * Reads the notifier's configuration from the CDK context (`-c key=value` or
 * cdk.context.json) and validates it at synth time.
 */
import type { Construct } from 'constructs';
import { CONFIG_KEYS, type ConfigProblem, type DeploymentConfig, parseDeploymentConfig } from './config';
import type { ProtocoloIntegradoNotifierProps } from './notifier';

/** What the app needs from the context: where to deploy and what to build. */
export interface NotifierContext {
  /** The validated configuration. */
  readonly config: DeploymentConfig;
  /** Props for the construct, derived from `config`. */
  readonly props: ProtocoloIntegradoNotifierProps;
  /** Account and region of the cluster: the stack's environment. */
  readonly env: { readonly account: string; readonly region: string };
}

/**
 * Reads and validates every notifier key of the CDK context.
 *
 * @param scope the app (or any construct: context is inherited)
 * @throws DeploymentConfigError naming each missing or malformed key, with an example
 */
export function readNotifierContext(scope: Construct, extraProblems: readonly ConfigProblem[] = []): NotifierContext {
  const values = Object.fromEntries(CONFIG_KEYS.map((key) => [key, scope.node.tryGetContext(key)]));
  const config = parseDeploymentConfig(values, 'context', extraProblems);
  return {
    config,
    env: { account: config.cluster.account, region: config.cluster.region },
    props: {
      dbEngine: config.dbEngine,
      dbClusterArn: config.dbClusterArn,
      dbSecretArn: config.dbSecretArn,
      dbSecretKmsKeyArn: config.dbSecretKmsKeyArn,
      dbName: config.dbName,
      mailFrom: config.mailFrom,
      mailIdentity: config.mailIdentity,
      mailTo: config.mailTo,
      mailToInfrastructure: config.mailToInfrastructure,
      mailToRecords: config.mailToRecords,
      opsEmail: config.opsEmails.length > 0 ? config.opsEmails.join(';') : undefined,
      seiTimeZone: config.seiTimeZone,
      seiName: config.seiName,
      seiUrl: config.seiUrl,
      stalledAfterDays: config.stalledAfterDays,
      noNewPackagesAfterDays: config.noNewPackagesAfterDays,
      maxSendAttempts: config.maxSendAttempts,
      maxListed: config.maxListed,
      maxRecipients: config.maxRecipients,
      failedProcessesCron: config.failedProcessesCron,
      stalledPackagesCron: config.stalledPackagesCron,
      schedulesEnabled: config.schedulesEnabled,
      reserveConcurrency: config.reserveConcurrency,
    },
  };
}
