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
 * Context keys that differ from one of ours only in letter case are almost
 * certainly typos (`-c dbclusterarn=...`); say so instead of "missing".
 */
function misspeltKeys(context: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const byLowerCase = new Map(CONFIG_KEYS.map((key) => [key.toLowerCase(), key] as const));
  const known = new Set<string>(CONFIG_KEYS);
  return Object.keys(context)
    .filter((key) => !known.has(key) && byLowerCase.has(key.toLowerCase()))
    .map((key) => ({
      key,
      message: `chave desconhecida; você quis dizer "${byLowerCase.get(key.toLowerCase()) ?? ''}"?`,
    }));
}

/**
 * Reads and validates every notifier key of the CDK context.
 *
 * @param scope the app (or any construct: context is inherited)
 * @throws DeploymentConfigError naming each missing or malformed key, with an example
 */
export function readNotifierContext(scope: Construct, extraProblems: readonly ConfigProblem[] = []): NotifierContext {
  const context = scope.node.getAllContext();
  const values = Object.fromEntries(CONFIG_KEYS.map((key) => [key, scope.node.tryGetContext(key)]));
  const config = parseDeploymentConfig(values, 'context', [...extraProblems, ...misspeltKeys(context)]);
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
