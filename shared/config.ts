import * as z from 'zod/mini';
import { ENV } from './env-names';
import { FunctionConfigError } from './errors';
import { isValidTimeZone } from './sei/local-time';
import { parseRecipients } from './sei/recipient-list';

/** Upper bound of `MAX_LISTED`: keeps the list query far below 1 MiB. */
export const MAX_LISTED_LIMIT = 200;
/** Recipients of one notice by default, and at most (`MAX_RECIPIENTS`): 5 and 20 SES messages. */
export const DEFAULT_MAX_RECIPIENTS = 250;
export const MAX_RECIPIENTS_LIMIT = 1000;
/**
 * Days without any package tried, while the publishing job completes, after
 * which the stalled check alarms: longer than a holiday week (Christmas to
 * New Year), shorter than a month of silence. The judiciary's recess
 * (20/12 to 6/1) needs 21.
 */
export const DEFAULT_NO_NEW_PACKAGES_AFTER_DAYS = 14;

/** Typed, validated configuration of a check function (its environment; the deployment's is infra/config.ts). */
export interface FunctionConfig {
  readonly dbEngine: 'mysql' | 'postgres';
  readonly dbClusterArn: string;
  readonly dbSecretArn: string;
  readonly dbName: string;
  readonly mailFrom: string;
  /** Recipients that override the database's `SEI_EMAIL_ADMINISTRADOR`. */
  readonly mailTo?: string;
  readonly mailConfigurationSet?: string;
  readonly seiTimeZone: string;
  readonly stalledAfterDays?: number;
  /** Days without any package tried (job completing) that count as a stall. */
  readonly noNewPackagesAfterDays: number;
  readonly maxSendAttempts: number;
  readonly maxListed: number;
  /** Recipients of one notice at most; more are cut, with a warning. */
  readonly maxRecipients: number;
  /** DynamoDB table of idempotency records and notification state; without it each run decides alone. */
  readonly stateTable?: string;
}

const CLUSTER_ARN = /^arn:aws(?:-[a-z]+)*:rds:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:cluster:[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const SECRET_ARN = /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:[\w/+=.@-]+$/;

/** Unset and blank values both count as "not given"; others are trimmed. */
const clean = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

const required = (what: string, ...checks: z.core.$ZodCheck<string>[]) =>
  z.string({ error: `obrigatória (ausente ou vazia); esperado ${what}` }).check(...checks);

/** One address, optionally with a display name; no list separators. */
const SINGLE_SENDER = /^[^;,]+$/;

const positiveInt = (what: string, max: number) =>
  z.optional(
    z.string().check(
      z.refine((v) => /^[1-9]\d*$/.test(v) && Number(v) <= max, {
        error: `esperado ${what} (número inteiro positivo, até ${max})`,
      })
    )
  );

const schema = z.object({
  [ENV.dbEngine]: z.enum(['mysql', 'postgres'], { error: "esperado 'mysql' ou 'postgres'" }),
  [ENV.dbClusterArn]: required(
    'o ARN do cluster Aurora, ex.: arn:aws:rds:sa-east-1:123456789012:cluster:sei',
    z.regex(CLUSTER_ARN, { error: 'esperado o ARN de um cluster RDS, ex.: arn:aws:rds:sa-east-1:123456789012:cluster:sei' })
  ),
  [ENV.dbSecretArn]: required(
    'o ARN do segredo no Secrets Manager',
    z.regex(SECRET_ARN, {
      error:
        'esperado o ARN de um segredo do Secrets Manager, ex.: arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbCdEf',
    })
  ),
  [ENV.dbName]: required(
    'o nome do banco de dados do SEI, ex.: sei',
    z.regex(/^[\w$-]{1,64}$/, { error: 'esperado o nome do banco de dados do SEI (até 64 letras, dígitos, _ ou -)' })
  ),
  [ENV.mailFrom]: required(
    'um remetente verificado no SES, ex.: sei-pi@orgao.gov.br',
    z.refine((v) => SINGLE_SENDER.test(v) && parseRecipients(v).valid.length === 1, {
      error: 'esperado um único endereço de e-mail verificado no SES, ex.: sei-pi@orgao.gov.br (ou "Nome <sei-pi@orgao.gov.br>")',
    })
  ),
  [ENV.mailTo]: z.optional(
    z.string().check(
      z.refine((v) => parseRecipients(v).valid.length > 0, {
        error: 'nenhum endereço válido; esperado e-mails separados por ; ou ,',
      })
    )
  ),
  [ENV.mailConfigurationSet]: z.optional(
    z.string().check(z.regex(/^[\w-]{1,64}$/, { error: 'esperado o nome de um configuration set do SES (letras, dígitos, _ ou -)' }))
  ),
  [ENV.seiTimeZone]: z.optional(
    z.string().check(z.refine(isValidTimeZone, { error: 'esperado um fuso horário IANA, ex.: America/Sao_Paulo' }))
  ),
  [ENV.stalledAfterDays]: positiveInt('a tolerância em dias, ex.: 2', 365),
  [ENV.noNewPackagesAfterDays]: positiveInt('quantos dias sem nenhum pacote novo contam como envio parado, ex.: 14', 365),
  [ENV.maxSendAttempts]: positiveInt('o número máximo de tentativas do SEI, ex.: 15', 1000),
  [ENV.maxListed]: z.optional(
    z.string().check(
      z.refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LISTED_LIMIT, {
        error: `esperado quantos processos listar por e-mail, de 1 a ${MAX_LISTED_LIMIT}`,
      })
    )
  ),
  [ENV.maxRecipients]: positiveInt('quantos destinatários um aviso pode ter, ex.: 250', MAX_RECIPIENTS_LIMIT),
  [ENV.stateTable]: z.optional(
    z.string().check(z.regex(/^[\w.-]{3,255}$/, { error: 'esperado o nome de uma tabela do DynamoDB (3 a 255 letras, dígitos, _ . ou -)' }))
  ),
});

/**
 * Reads and validates the configuration once (at cold start). Every bad
 * variable is named in one {@link FunctionConfigError}, with what was expected.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): FunctionConfig {
  const given = Object.fromEntries(Object.values(ENV).map((name) => [name, clean(env[name])]));
  const result = schema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    throw new FunctionConfigError(`Configuração inválida do notificador SEI-PI — ${problems.join('; ')}`);
  }
  const c = result.data;
  return {
    dbEngine: c[ENV.dbEngine],
    dbClusterArn: c[ENV.dbClusterArn],
    dbSecretArn: c[ENV.dbSecretArn],
    dbName: c[ENV.dbName],
    mailFrom: c[ENV.mailFrom],
    mailTo: c[ENV.mailTo],
    mailConfigurationSet: c[ENV.mailConfigurationSet],
    seiTimeZone: c[ENV.seiTimeZone] ?? 'America/Sao_Paulo',
    stalledAfterDays: c[ENV.stalledAfterDays] === undefined ? undefined : Number(c[ENV.stalledAfterDays]),
    noNewPackagesAfterDays: Number(c[ENV.noNewPackagesAfterDays] ?? DEFAULT_NO_NEW_PACKAGES_AFTER_DAYS),
    maxSendAttempts: Number(c[ENV.maxSendAttempts] ?? 15),
    maxListed: Number(c[ENV.maxListed] ?? 50),
    maxRecipients: Number(c[ENV.maxRecipients] ?? DEFAULT_MAX_RECIPIENTS),
    stateTable: c[ENV.stateTable],
  };
}
