/**
 * The configuration rules, written once: the functions check their
 * environment with them at cold start (shared/config.ts) and the deployment
 * checks its CDK context with them at synth (infra/config.ts), each in its
 * own words and key names. Pure functions; a check returns the reason a value
 * is wrong (pt-BR) or `undefined`.
 */
import { isValidTimeZone } from './sei/local-time';
import { parseRecipients } from './sei/recipient-list';

export { checkClusterArn, checkKmsKeyArn, checkSecretArn } from './arns';

/** SEI's zone when none is configured (federal agencies). */
export const DEFAULT_SEI_TIME_ZONE = 'America/Sao_Paulo';

/** Bounds and defaults of the numeric settings (same meaning on both sides). */
export const NUMERIC_SETTINGS = {
  /** Tolerance of the stalled check; no default: SEI's own parameter, capped at 2, else 2. */
  stalledAfterDays: { min: 1, max: 365 },
  /** Days without any package tried, while the job completes, that count as a stall. */
  noNewPackagesAfterDays: { min: 1, max: 365, default: 14 },
  /** SEI's `TentativasReenvio`. */
  maxSendAttempts: { min: 1, max: 1000, default: 15 },
  /** Processes listed in one mail: keeps the list query far below the Data API's 1 MiB. */
  maxListed: { min: 1, max: 200, default: 50 },
  /** Recipients of one notice: 50 per SES message, and a small delivery record. */
  maxRecipients: { min: 1, max: 1000, default: 250 },
} as const;

export type NumericSetting = keyof typeof NUMERIC_SETTINGS;

/** Whether `value` is an integer within the setting's bounds. */
export function withinBounds(setting: NumericSetting, value: number): boolean {
  const { min, max } = NUMERIC_SETTINGS[setting];
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Reason the value is not a short name for the SEI (shown in subjects): 1–60
 * characters, no brackets, no control or invisible format characters (C0, DEL,
 * C1, zero-width and direction marks, line and paragraph separators).
 */
export function checkSeiName(value: string): string | undefined {
  return /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}[\]]{1,60}$/u.test(value)
    ? undefined
    : 'deve ter de 1 a 60 caracteres, sem colchetes nem caracteres de controle (ex.: SEI-MGI Produção)';
}

/** Reason the value is not an http(s) address of the SEI. */
export function checkSeiUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && value.length <= 200
      ? undefined
      : 'deve ser um endereço http(s), ex.: https://sei.orgao.gov.br';
  } catch {
    return 'deve ser um endereço http(s), ex.: https://sei.orgao.gov.br';
  }
}

/** Name of the SEI database (Data API `database`). */
export const DB_NAME = /^[\w$-]{1,64}$/;

/** Reason the value is not an IANA time zone this runtime knows (Scheduler and Intl share the database). */
export function checkTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return 'deve ser um fuso horário IANA, como America/Sao_Paulo';
  if (!isValidTimeZone(value)) return `fuso horário "${value}" desconhecido (use um nome IANA, como America/Sao_Paulo)`;
  return undefined;
}

/**
 * Reason the value is not one plain sender address. No display name and no
 * list: the IAM condition `ses:FromAddress` compares it exactly.
 */
export function checkSender(value: string): string | undefined {
  if (/[;,<>]/.test(value)) return 'deve ser um único endereço, sem nome de exibição (ex.: sei-pi@orgao.gov.br)';
  const { valid } = parseRecipients(value);
  return valid.length === 1 && valid[0] === value ? undefined : `"${value}" não é um endereço de e-mail válido`;
}

/**
 * Reason the value is not a usable list of recipients: separated by `;` or
 * `,`, optional display names, at least one address, none invalid, at most
 * `maxRecipients` distinct ones.
 */
export function checkRecipientList(value: string): string | undefined {
  const { valid, invalid } = parseRecipients(value);
  if (valid.length === 0) return 'nenhum endereço válido informado';
  if (invalid.length > 0) return `endereço(s) inválido(s): ${invalid.join(', ')}`;
  const { max } = NUMERIC_SETTINGS.maxRecipients;
  return valid.length > max ? `no máximo ${max} endereços (limite de destinatários de um aviso)` : undefined;
}
