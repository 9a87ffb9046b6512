import * as z from 'zod/mini';
import {
  checkClusterArn,
  checkRecipientList,
  checkSecretArn,
  checkSeiName,
  checkSeiUrl,
  checkSender,
  checkTimeZone,
  DB_NAME,
  DEFAULT_SEI_TIME_ZONE,
  NUMERIC_SETTINGS,
  type NumericSetting,
  withinBounds,
} from './config-rules';
import { ENV } from './env-names';
import { FunctionConfigError } from './errors';

/** Typed, validated configuration of a check function (its environment; the deployment's is infra/config.ts). */
export interface FunctionConfig {
  readonly dbEngine: 'mysql' | 'postgres';
  readonly dbClusterArn: string;
  readonly dbSecretArn: string;
  readonly dbName: string;
  readonly mailFrom: string;
  /** Recipients that override the database's `SEI_EMAIL_ADMINISTRADOR`. */
  readonly mailTo?: string;
  /** Recipients of FI failures and stalls (the infrastructure team); else `mailTo`. */
  readonly mailToInfrastructure?: string;
  /** Recipients of EN failures (the team that fixes process data); else `mailTo`. */
  readonly mailToRecords?: string;
  readonly mailConfigurationSet?: string;
  readonly seiTimeZone: string;
  /** Which SEI, in the mails (optional name and address), and the zone the mails' times are written in. */
  readonly sei: { readonly name?: string; readonly url?: string; readonly timeZone: string };
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

/** Unset and blank values both count as "not given"; others are trimmed. */
const clean = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

const required = (what: string, ...checks: z.core.$ZodCheck<string>[]) =>
  z.string({ error: `obrigatória (ausente ou vazia); esperado ${what}` }).check(...checks);

/** A rule of shared/config-rules.ts, in the functions' words. */
const ruled = (check: (value: string) => string | undefined, error: string) => z.refine<string>((v) => check(v) === undefined, { error });

/** An optional whole number within the setting's bounds (shared/config-rules.ts). */
const bounded = (setting: NumericSetting, what: string) =>
  z.optional(
    z.string().check(
      z.refine((v) => /^\d+$/.test(v) && withinBounds(setting, Number(v)), {
        error: `esperado ${what} (número inteiro positivo, até ${NUMERIC_SETTINGS[setting].max})`,
      })
    )
  );

const schema = z.object({
  [ENV.dbEngine]: z.enum(['mysql', 'postgres'], { error: "esperado 'mysql' ou 'postgres'" }),
  [ENV.dbClusterArn]: required(
    'o ARN do cluster Aurora, ex.: arn:aws:rds:sa-east-1:123456789012:cluster:sei',
    ruled(checkClusterArn, 'esperado o ARN de um cluster RDS, ex.: arn:aws:rds:sa-east-1:123456789012:cluster:sei')
  ),
  [ENV.dbSecretArn]: required(
    'o ARN do segredo no Secrets Manager',
    ruled(
      checkSecretArn,
      'esperado o ARN completo (com o sufixo de 6 caracteres) de um segredo do Secrets Manager, ex.: arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbCdEf'
    )
  ),
  [ENV.dbName]: required(
    'o nome do banco de dados do SEI, ex.: sei',
    z.regex(DB_NAME, { error: 'esperado o nome do banco de dados do SEI (até 64 letras, dígitos, _, $ ou -)' })
  ),
  [ENV.mailFrom]: required(
    'um remetente verificado no SES, ex.: sei-pi@orgao.gov.br',
    ruled(checkSender, 'esperado um único endereço de e-mail verificado no SES, sem nome de exibição, ex.: sei-pi@orgao.gov.br')
  ),
  [ENV.mailTo]: z.optional(
    z.string().check(
      z.superRefine((v, ctx) => {
        const problem = checkRecipientList(v);
        if (problem) ctx.issues.push({ code: 'custom', input: v, message: `${problem}; esperado e-mails separados por ; ou ,` });
      })
    )
  ),
  [ENV.mailToInfrastructure]: z.optional(
    z.string().check(
      z.superRefine((v, ctx) => {
        const problem = checkRecipientList(v);
        if (problem) ctx.issues.push({ code: 'custom', input: v, message: `${problem}; esperado e-mails separados por ; ou ,` });
      })
    )
  ),
  [ENV.mailToRecords]: z.optional(
    z.string().check(
      z.superRefine((v, ctx) => {
        const problem = checkRecipientList(v);
        if (problem) ctx.issues.push({ code: 'custom', input: v, message: `${problem}; esperado e-mails separados por ; ou ,` });
      })
    )
  ),
  [ENV.mailConfigurationSet]: z.optional(
    z.string().check(z.regex(/^[\w-]{1,64}$/, { error: 'esperado o nome de um configuration set do SES (letras, dígitos, _ ou -)' }))
  ),
  [ENV.seiTimeZone]: z.optional(z.string().check(ruled(checkTimeZone, 'esperado um fuso horário IANA, ex.: America/Sao_Paulo'))),
  [ENV.seiName]: z.optional(
    z.string().check(ruled(checkSeiName, 'esperado um nome curto do SEI, de 1 a 60 caracteres, sem colchetes (ex.: SEI-MGI Produção)'))
  ),
  [ENV.seiUrl]: z.optional(z.string().check(ruled(checkSeiUrl, 'esperado o endereço http(s) do SEI, ex.: https://sei.orgao.gov.br'))),
  [ENV.stalledAfterDays]: bounded('stalledAfterDays', 'a tolerância em dias, ex.: 2'),
  [ENV.noNewPackagesAfterDays]: bounded('noNewPackagesAfterDays', 'quantos dias sem nenhum pacote novo contam como envio parado, ex.: 14'),
  [ENV.maxSendAttempts]: bounded('maxSendAttempts', 'o número máximo de tentativas do SEI, ex.: 15'),
  [ENV.maxListed]: bounded('maxListed', `quantos processos listar por e-mail, de 1 a ${NUMERIC_SETTINGS.maxListed.max}`),
  [ENV.maxRecipients]: bounded('maxRecipients', 'quantos destinatários um aviso pode ter, ex.: 250'),
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
    mailToInfrastructure: c[ENV.mailToInfrastructure],
    mailToRecords: c[ENV.mailToRecords],
    mailConfigurationSet: c[ENV.mailConfigurationSet],
    seiTimeZone: c[ENV.seiTimeZone] ?? DEFAULT_SEI_TIME_ZONE,
    sei: { name: c[ENV.seiName], url: c[ENV.seiUrl], timeZone: c[ENV.seiTimeZone] ?? DEFAULT_SEI_TIME_ZONE },
    stalledAfterDays: c[ENV.stalledAfterDays] === undefined ? undefined : Number(c[ENV.stalledAfterDays]),
    noNewPackagesAfterDays: Number(c[ENV.noNewPackagesAfterDays] ?? NUMERIC_SETTINGS.noNewPackagesAfterDays.default),
    maxSendAttempts: Number(c[ENV.maxSendAttempts] ?? NUMERIC_SETTINGS.maxSendAttempts.default),
    maxListed: Number(c[ENV.maxListed] ?? NUMERIC_SETTINGS.maxListed.default),
    maxRecipients: Number(c[ENV.maxRecipients] ?? NUMERIC_SETTINGS.maxRecipients.default),
    stateTable: c[ENV.stateTable],
  };
}
