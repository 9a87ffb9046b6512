/**
 * A secret ARN copied without its suffix still looks complete when the
 * secret's name ends in a hyphen and six letters (`sei-backup`): the pattern
 * `<name>-<6 characters>` cannot tell them apart, and the IAM grant on the
 * ARN as given would then match no secret (AccessDenied at the first run).
 * Secrets Manager's suffix is 6 random letters and digits, almost never six
 * lower-case letters, so that case gets a synth warning, not a refusal.
 */
import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Warning id (acknowledge it with `Annotations.of(scope).acknowledgeWarning`). */
export const SUSPECT_SECRET_SUFFIX = 'sei-pi:secretArnSuffixLooksLikeName';

/** Whether the 6 characters after the last hyphen look like a word of the name rather than the random suffix. */
export function secretSuffixLooksLikeName(secretArn: string): boolean {
  const suffix = /-([A-Za-z0-9]{6})$/.exec(secretArn)?.[1];
  return suffix !== undefined && /^[a-z]{6}$/.test(suffix);
}

/** Adds the synth warning when {@link secretSuffixLooksLikeName}. */
export function warnOnSuspectSecretSuffix(scope: IConstruct, secretArn: string): void {
  if (!secretSuffixLooksLikeName(secretArn)) return;
  const suffix = secretArn.slice(-6);
  Annotations.of(scope).addWarningV2(
    SUSPECT_SECRET_SUFFIX,
    `dbSecretArn termina em "-${suffix}", que parece parte do nome do segredo, não o sufixo de 6 caracteres aleatórios ` +
      'que o Secrets Manager acrescenta. Confira o ARN completo com ' +
      '"aws secretsmanager describe-secret --secret-id <nome> --query ARN": sem o sufixo, a permissão não vale para o segredo ' +
      'e a primeira execução falha com AccessDenied.'
  );
}
