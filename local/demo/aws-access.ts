/**
 * Before a CLI run reads anything: the region, the credentials and (for
 * `--send`) a reachable SES, each missing piece told in Portuguese for the
 * path the operator chose. The embedded demo and the simulation without
 * `--send` need none of this.
 */
import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { AwsAccessError, explainAwsFailure } from './aws-errors';

/** What a run needs from AWS. */
export interface AwsNeeds {
  /** Reads the SEI database through the real RDS Data API (`--cluster-arn`…). */
  readonly dataApi: boolean;
  /** Sends the mails through the real SES (`--send`). */
  readonly send: boolean;
}

/**
 * HTTP settings of the CLI's own first calls to AWS: a network that drops
 * the connection, or never answers, fails them within seconds, not minutes.
 */
export const PROBE_HTTP = { connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true } as const;

const HOW_TO_CONFIGURE =
  'Configure-as com "aws configure" ou "aws sso login" (e AWS_PROFILE, se usar um perfil), ou defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY.';

/** The sentence for missing credentials on this path (pt-BR). */
function missingCredentials(needs: AwsNeeds): string {
  if (needs.dataApi) {
    const purpose = needs.send
      ? 'para ler o banco pelo RDS Data API (--cluster-arn) e enviar pelo SES (--send)'
      : 'para ler o banco pelo RDS Data API (--cluster-arn)';
    return `Nenhuma credencial da AWS encontrada ${purpose}. ${HOW_TO_CONFIGURE} Sem credenciais da AWS funcionam a simulação com --database-url (acesso direto ao banco) e a demonstração (npm start, sem opções).`;
  }
  return `Nenhuma credencial da AWS encontrada para enviar pelo SES (--send). ${HOW_TO_CONFIGURE} A simulação sem --send não precisa de credenciais.`;
}

/** The SDK's own words, when they say more than "none found" (a profile that does not exist, an expired SSO session). */
function sdkDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return message && !/Could not load credentials from any providers/i.test(message) ? ` (AWS: ${message.split('\n')[0]})` : '';
}

/**
 * The region of a run that reaches AWS: the client's `region` (--region, or
 * the cluster's own, taken from its ARN), else the SDK's (AWS_REGION, the
 * profile's region).
 *
 * @throws AwsAccessError naming --region and AWS_REGION when there is none
 */
async function regionOf(client: SESClient): Promise<string> {
  try {
    return await client.config.region();
  } catch (error) {
    throw new AwsAccessError(
      'Nenhuma região da AWS definida para o SES (--send): informe --region (ex.: --region sa-east-1) ou defina a variável AWS_REGION (ou "region" no perfil de ~/.aws/config).',
      { cause: error }
    );
  }
}

/**
 * Finds the credentials the SDK's way and, for `--send`, asks SES for the
 * account's quota (an authenticated call that sends nothing): a network that
 * does not reach AWS, or credentials AWS refuses, show up before anything is
 * read or written. A refusal of that call alone (no ses:GetSendQuota) is no
 * obstacle to sending.
 *
 * @returns the region of the run
 */
export async function checkAwsAccess(needs: AwsNeeds, givenRegion: string | undefined): Promise<string> {
  const client = new SESClient({ ...(givenRegion ? { region: givenRegion } : {}), maxAttempts: 2, requestHandler: PROBE_HTTP });
  try {
    const region = await regionOf(client);
    try {
      await client.config.credentials();
    } catch (error) {
      throw (
        explainAwsFailure(error, 'de login da AWS') ??
        new AwsAccessError(`${missingCredentials(needs)}${sdkDetail(error)}`, { cause: error })
      );
    }
    if (needs.send) {
      try {
        await client.send(new GetSendQuotaCommand({}));
      } catch (error) {
        const denied = error instanceof Error && /^AccessDenied/.test(error.name);
        const explained = denied ? undefined : explainAwsFailure(error, 'Amazon SES');
        if (explained) throw explained;
      }
    }
    return region;
  } finally {
    client.destroy();
  }
}
