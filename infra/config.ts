/**
 * The notifier's deploy-time configuration: one schema per key, the defaults,
 * an example for each key, and the parser that turns raw values (CDK context
 * strings or typed construct props) into a resolved, validated configuration.
 *
 * Messages shown to users are in Brazilian Portuguese; each problem names the
 * key and carries an example, and all problems are reported in one error.
 */
import { z } from 'zod';
import { type ArnParts, checkSameLocation, splitArn } from '../shared/arns';
import {
  checkClusterArn,
  checkKmsKeyArn,
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
} from '../shared/config-rules';
import { NotifierError } from '../shared/errors';
import { parseRecipients } from '../shared/sei/recipient-list';

/** Default values of the optional keys (documented in docs/implantacao.md). */
export const DEFAULTS = {
  seiTimeZone: DEFAULT_SEI_TIME_ZONE,
  maxSendAttempts: NUMERIC_SETTINGS.maxSendAttempts.default,
  maxListed: NUMERIC_SETTINGS.maxListed.default,
  failedProcessesCron: 'cron(0 17 * * ? *)',
  stalledPackagesCron: 'cron(0 12 * * ? *)',
  schedulesEnabled: true,
  reserveConcurrency: true,
} as const;

// ---------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------

const MISSING = 'obrigatório e não informado';

/** Trims strings and turns an empty string into "not given". */
const blankToUndefined = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** `-c key=15` arrives as the string "15"; cdk.context.json may hold 15. */
const toNumber = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
};

/** `-c key=false` arrives as the string "false". */
const toBoolean = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const lower = v.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : v;
};

const text = (what: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? MISSING : `deve ser ${what}`),
  });

/** A string field checked by a function that returns the reason it is wrong. */
const checked = (what: string, check: (value: string) => string | undefined) =>
  text(what).superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const required = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const integer = (min: number, max: number) =>
  z
    .number({ error: `deve ser um número inteiro entre ${min} e ${max}` })
    .int({ error: `deve ser um número inteiro entre ${min} e ${max}` })
    .min(min, { error: `deve ser no mínimo ${min}` })
    .max(max, { error: `deve ser no máximo ${max}` });

/** A numeric setting with the bounds the functions use too (shared/config-rules.ts). */
const setting = (name: NumericSetting) =>
  z.preprocess(toNumber, integer(NUMERIC_SETTINGS[name].min, NUMERIC_SETTINGS[name].max).optional());

const boolean = z.boolean({ error: 'deve ser true ou false' });

const EMAIL = z.email();
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

const isEmail = (value: string): boolean => EMAIL.safeParse(value).success;

/** Splits "a@x; b@y, c@z" into entries, dropping repeats (in any letter case). */
export const splitAddresses = (value: string): string[] => {
  const seen = new Set<string>();
  return value
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter((part) => {
      const key = part.toLowerCase();
      if (part === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
};

/**
 * The addresses of a recipient list as SNS e-mail subscriptions need them:
 * display names stripped (`Equipe Infra <infra@orgao.gov.br>` would be
 * refused by SNS at deploy), lower-cased, repeats dropped.
 */
export const bareAddresses = (value: string): string[] =>
  // parseRecipients already drops repeats in any letter case.
  parseRecipients(value).valid.map((address) => address.toLowerCase());

const checkIdentity = (value: string): string | undefined =>
  isEmail(value) || DOMAIN.test(value) ? undefined : 'deve ser um domínio (orgao.gov.br) ou um endereço de e-mail';

/**
 * Checks an EventBridge Scheduler cron expression: six fields, and "?" in
 * exactly one of day-of-month and day-of-week.
 */
export const checkCron = (value: string): string | undefined => {
  const match = /^cron\((.*)\)$/.exec(value);
  if (!match) return 'deve ter a forma cron(minutos horas dia-do-mês mês dia-da-semana ano)';
  const fields = (match[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) {
    return (
      `tem ${fields.length} campo(s) dentro de cron(...), mas o EventBridge Scheduler exige 6 ` +
      '(minutos horas dia-do-mês mês dia-da-semana ano)'
    );
  }
  if (fields.some((field) => !/^[0-9A-Za-z*?,/#-]+$/.test(field))) return 'contém caracteres inválidos';
  const dayOfMonth = fields[2];
  const dayOfWeek = fields[4];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'use "?" em exatamente um dos campos dia-do-mês (3º) e dia-da-semana (5º)';
  }
  for (const [i, spec] of CRON_FIELDS.entries()) {
    const problem = checkCronField(fields[i] ?? '', spec);
    if (problem) return `${spec.label} (${i + 1}º campo): ${problem}`;
  }
  return undefined;
};

/** What each cron field accepts in EventBridge Scheduler (what a deploy would refuse, refused at synth). */
interface CronFieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted for the values (index + min), e.g. JAN…DEC. */
  readonly names?: readonly string[];
  /** Extra single tokens accepted as they are (`?`, `L`, `W`…). */
  readonly special?: RegExp;
}

const CRON_FIELDS: readonly CronFieldSpec[] = [
  { label: 'minutos', min: 0, max: 59 },
  { label: 'horas', min: 0, max: 23 },
  { label: 'dia do mês', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { label: 'mês', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  {
    label: 'dia da semana',
    min: 1,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    special: /^(\?|L|[1-7]L|[1-7]#[1-5]|[A-Z]{3}#[1-5])$/i,
  },
  { label: 'ano', min: 1970, max: 2199 },
];

/** Reason a cron field is outside what its position accepts, or `undefined`. */
function checkCronField(field: string, spec: CronFieldSpec): string | undefined {
  if (field === '*' || spec.special?.test(field)) return undefined;
  const value = (token: string): number | undefined => {
    if (/^\d+$/.test(token)) return Number(token);
    const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    return named >= 0 ? named + spec.min : undefined;
  };
  const range = `de ${spec.min} a ${spec.max}${spec.names ? ` ou ${spec.names[0]}–${spec.names.at(-1)}` : ''}`;
  for (const part of field.split(',')) {
    const [base = '', step] = part.split('/');
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `incremento "${step}" inválido`;
    const bounds = base === '*' ? [] : base.split('-');
    if (bounds.length > 2) return `"${part}" não é um valor nem um intervalo`;
    for (const token of bounds) {
      const n = value(token);
      if (n === undefined || n < spec.min || n > spec.max) return `"${token}" fora do permitido (${range})`;
    }
  }
  return undefined;
}

const FIELDS = {
  dbEngine: required(
    z.enum(['mysql', 'postgres'], {
      error: (issue) => (issue.input === undefined ? MISSING : 'deve ser "mysql" ou "postgres"'),
    })
  ),
  dbClusterArn: required(checked('o ARN do cluster Aurora', checkClusterArn)),
  dbSecretArn: required(checked('o ARN do segredo', checkSecretArn)),
  dbSecretKmsKeyArn: optional(checked('o ARN de uma chave do KMS', checkKmsKeyArn)),
  dbName: required(text('o nome do banco de dados').regex(DB_NAME, { error: 'deve ter até 64 letras, dígitos, _, $ ou -' })),
  mailFrom: required(checked('um endereço de e-mail', checkSender)),
  mailIdentity: optional(checked('um domínio ou endereço de e-mail', checkIdentity)),
  mailTo: optional(checked('uma lista de e-mails', checkRecipientList)),
  mailToInfrastructure: optional(checked('uma lista de e-mails', checkRecipientList)),
  mailToRecords: optional(checked('uma lista de e-mails', checkRecipientList)),
  opsEmail: optional(checked('uma lista de e-mails', checkRecipientList)),
  seiTimeZone: optional(checked('um fuso horário IANA', checkTimeZone)),
  seiName: optional(checked('um nome curto do SEI', checkSeiName)),
  seiUrl: optional(checked('o endereço do SEI', checkSeiUrl)),
  stalledAfterDays: setting('stalledAfterDays'),
  noNewPackagesAfterDays: setting('noNewPackagesAfterDays'),
  maxSendAttempts: setting('maxSendAttempts'),
  maxListed: setting('maxListed'),
  maxRecipients: setting('maxRecipients'),
  failedProcessesCron: optional(checked('uma expressão cron', checkCron)),
  stalledPackagesCron: optional(checked('uma expressão cron', checkCron)),
  schedulesEnabled: z.preprocess(toBoolean, boolean.optional()),
  reserveConcurrency: z.preprocess(toBoolean, boolean.optional()),
} as const;

/** Names of the configuration keys (CDK context keys and construct props). */
export type ConfigKey = keyof typeof FIELDS;

/** All configuration keys, in documentation order. */
export const CONFIG_KEYS = Object.keys(FIELDS) as readonly ConfigKey[];

/** One example value per key (as typed after `-c key=`). */
export const EXAMPLES: Readonly<Record<ConfigKey, string>> = {
  dbEngine: 'mysql',
  dbClusterArn: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei-producao',
  dbSecretArn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbC123',
  dbSecretKmsKeyArn: 'arn:aws:kms:sa-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  dbName: 'sei',
  mailFrom: 'sei-notificacoes@orgao.gov.br',
  mailIdentity: 'orgao.gov.br',
  mailTo: 'admin1@orgao.gov.br;admin2@orgao.gov.br',
  mailToInfrastructure: 'infra@orgao.gov.br',
  mailToRecords: 'protocolo@orgao.gov.br',
  opsEmail: 'infra@orgao.gov.br',
  seiTimeZone: 'America/Sao_Paulo',
  seiName: 'SEI-MGI Produção',
  seiUrl: 'https://sei.orgao.gov.br',
  stalledAfterDays: '2',
  noNewPackagesAfterDays: '14',
  maxSendAttempts: '15',
  maxListed: '50',
  maxRecipients: '250',
  failedProcessesCron: 'cron(0 17 * * ? *)',
  stalledPackagesCron: 'cron(0 12 * * ? *)',
  schedulesEnabled: 'false',
  reserveConcurrency: 'false',
};

// ---------------------------------------------------------------------------
// Resolved configuration
// ---------------------------------------------------------------------------

/** The validated configuration, with defaults applied. */
export interface DeploymentConfig {
  readonly dbEngine: 'mysql' | 'postgres';
  readonly dbClusterArn: string;
  readonly dbSecretArn: string;
  readonly dbSecretKmsKeyArn?: string;
  readonly dbName: string;
  readonly mailFrom: string;
  /** The SES identity that authorises `mailFrom` (a domain or the address). */
  readonly mailIdentity: string;
  /** Recipients, normalised to `a@x;b@y`; absent: the function reads them from SEI. */
  readonly mailTo?: string;
  /** Recipients of FI failures and stalls; else `mailTo`. */
  readonly mailToInfrastructure?: string;
  /** Recipients of EN failures; else `mailTo`. */
  readonly mailToRecords?: string;
  readonly opsEmails: readonly string[];
  readonly seiTimeZone: string;
  /** Which SEI, in the mails' subject, header and footer. */
  readonly seiName?: string;
  readonly seiUrl?: string;
  readonly stalledAfterDays?: number;
  readonly noNewPackagesAfterDays?: number;
  readonly maxSendAttempts: number;
  readonly maxListed: number;
  readonly maxRecipients?: number;
  readonly failedProcessesCron: string;
  readonly stalledPackagesCron: string;
  readonly schedulesEnabled: boolean;
  readonly reserveConcurrency: boolean;
  /** Partition, region and account of the cluster (where the stack goes). */
  readonly cluster: ArnParts;
}

/** One problem with one key. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
  /** Example to show; omitted for keys we don't know (typos). */
  readonly example?: string;
  /** Key the example is written with, when not `key` (the valid key a typo meant). */
  readonly exampleKey?: string;
}

/** Where the values came from: decides how examples are written. */
export type ConfigSource = 'context' | 'props';

const needsQuotes = (value: string): boolean => /[\s;*?()&|<>$"'`]/.test(value);

const formatExample = (key: string, example: string, source: ConfigSource): string => {
  if (source === 'props') return `${key}: '${example}'`;
  const arg = `${key}=${example}`;
  return `-c ${needsQuotes(arg) ? `"${arg}"` : arg}`;
};

/** Thrown when the configuration has one or more problems; the message lists them all. */
export class DeploymentConfigError extends NotifierError {
  public readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], source: ConfigSource) {
    const where =
      source === 'context'
        ? 'no contexto do CDK (-c chave=valor ou cdk.context.json)'
        : 'nas propriedades do construct ProtocoloIntegradoNotifier';
    const lines = problems.map((p) => {
      const example = p.example === undefined ? '' : ` Exemplo: ${formatExample(p.exampleKey ?? p.key, p.example, source)}`;
      // A message that is a question (or already ends a sentence) gets no period of its own.
      const end = /[.?!]$/.test(p.message) ? '' : '.';
      return `  - ${p.key}: ${p.message}${end}${example}`;
    });
    super(
      `Configuração inválida do notificador do Protocolo Integrado, ${where}:\n${lines.join('\n')}\n` +
        'Veja docs/implantacao.md para a lista completa de chaves.'
    );
    this.problems = problems;
  }
}

type Parsed = { -readonly [K in ConfigKey]: z.output<(typeof FIELDS)[K]> };

/** Is `identity` the address itself, its domain or a parent domain of it? */
const identityCovers = (identity: string, address: string): boolean => {
  const id = identity.toLowerCase();
  const addr = address.toLowerCase();
  if (id.includes('@')) return id === addr;
  const domain = addr.slice(addr.lastIndexOf('@') + 1);
  return domain === id || domain.endsWith(`.${id}`);
};

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Validates raw configuration values and applies the defaults.
 *
 * @param input values by key: CDK context (strings, or JSON values from
 *   cdk.context.json) or construct props (typed values)
 * @param source where the values came from (changes how examples are shown)
 * @param extraProblems problems found by the caller (e.g. misspelt keys), reported together
 * @throws DeploymentConfigError listing every problem, each with the key and an example
 */
export function parseDeploymentConfig(
  input: Readonly<Record<string, unknown>>,
  source: ConfigSource,
  extraProblems: readonly ConfigProblem[] = []
): DeploymentConfig {
  const problems: ConfigProblem[] = [...extraProblems];
  const parsed: Partial<Parsed> = {};
  const report = (key: ConfigKey, message: string): void => {
    problems.push({ key, message, example: EXAMPLES[key] });
  };

  for (const key of CONFIG_KEYS) {
    const result = FIELDS[key].safeParse(input[key]);
    if (result.success) {
      (parsed as Record<string, unknown>)[key] = result.data;
    } else {
      report(key, result.error.issues[0]?.message ?? 'valor inválido');
    }
  }

  // Cross-key checks, run on whichever keys passed on their own.
  const cluster = parsed.dbClusterArn === undefined ? undefined : splitArn(parsed.dbClusterArn);
  if (cluster) {
    for (const key of ['dbSecretArn', 'dbSecretKmsKeyArn'] as const) {
      const arn = parsed[key];
      const problem = arn === undefined ? undefined : checkSameLocation(arn, cluster);
      if (problem) report(key, problem);
    }
  }
  if (parsed.mailFrom !== undefined && parsed.mailIdentity !== undefined && !identityCovers(parsed.mailIdentity, parsed.mailFrom)) {
    report(
      'mailIdentity',
      `a identidade "${parsed.mailIdentity}" não autoriza o remetente "${parsed.mailFrom}" ` +
        '(use o próprio endereço, o domínio dele ou um domínio pai)'
    );
  }

  if (problems.length > 0 || !cluster) throw new DeploymentConfigError(problems, source);
  const p = parsed as Parsed;
  return {
    dbEngine: p.dbEngine,
    dbClusterArn: p.dbClusterArn,
    dbSecretArn: p.dbSecretArn,
    dbSecretKmsKeyArn: p.dbSecretKmsKeyArn,
    dbName: p.dbName,
    mailFrom: p.mailFrom,
    mailIdentity: p.mailIdentity ?? domainOf(p.mailFrom),
    mailTo: p.mailTo === undefined ? undefined : splitAddresses(p.mailTo).join(';'),
    mailToInfrastructure: p.mailToInfrastructure === undefined ? undefined : splitAddresses(p.mailToInfrastructure).join(';'),
    mailToRecords: p.mailToRecords === undefined ? undefined : splitAddresses(p.mailToRecords).join(';'),
    opsEmails: p.opsEmail === undefined ? [] : bareAddresses(p.opsEmail),
    seiTimeZone: p.seiTimeZone ?? DEFAULTS.seiTimeZone,
    seiName: p.seiName,
    seiUrl: p.seiUrl,
    stalledAfterDays: p.stalledAfterDays,
    noNewPackagesAfterDays: p.noNewPackagesAfterDays,
    maxSendAttempts: p.maxSendAttempts ?? DEFAULTS.maxSendAttempts,
    maxListed: p.maxListed ?? DEFAULTS.maxListed,
    maxRecipients: p.maxRecipients,
    failedProcessesCron: p.failedProcessesCron ?? DEFAULTS.failedProcessesCron,
    stalledPackagesCron: p.stalledPackagesCron ?? DEFAULTS.stalledPackagesCron,
    schedulesEnabled: p.schedulesEnabled ?? DEFAULTS.schedulesEnabled,
    reserveConcurrency: p.reserveConcurrency ?? DEFAULTS.reserveConcurrency,
    cluster,
  };
}
