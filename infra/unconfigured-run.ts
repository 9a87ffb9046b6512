/**
 * `cdk bootstrap` runs the app too, to list its environments, even when the
 * environment is given (`npx cdk bootstrap aws://123456789012/sa-east-1`). In
 * a fresh clone the configuration does not exist yet, and bootstrapping comes
 * before it (README, prerequisite 4): that run must not fail on it.
 *
 * The CLI tells the commands that deploy nothing apart: for them it asks the
 * app to bundle no stack (`aws:cdk:bundling-stacks` = `[]`: bootstrap, list,
 * destroy), while synth and deploy ask for the stacks they build.
 */
import type { Construct } from 'constructs';
import { isCdkContextKey } from './unknown-context-keys';

/** Context key the CDK CLI sets to the stacks whose assets it wants built. */
export const BUNDLING_STACKS = 'aws:cdk:bundling-stacks';

/**
 * Whether this run builds nothing and its context holds only the CDK's own
 * keys (none of the app's, no typo of them): then the app synthesizes no
 * stack instead of failing on the missing configuration.
 */
export function isUnconfiguredRunWithoutAssets(scope: Construct): boolean {
  const bundling = scope.node.tryGetContext(BUNDLING_STACKS);
  if (!Array.isArray(bundling) || bundling.length > 0) return false;
  return Object.keys(scope.node.getAllContext()).every(isCdkContextKey);
}

/** Printed (stderr) when the app synthesizes no stack for that reason (pt-BR). */
export const UNCONFIGURED_NOTICE =
  'Notificador do Protocolo Integrado: nenhuma chave de configuração no contexto, nenhuma stack sintetizada ' +
  '(normal no "cdk bootstrap"; para "cdk synth" e "cdk deploy", veja docs/implantacao.md).';
