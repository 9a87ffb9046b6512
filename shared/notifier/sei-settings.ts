import type { FunctionConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import type { PackageAccess } from '../sei/notifier-index';
import { readModuleV2Settings, type UntriedFailures } from '../sei/queries';

/**
 * Where SEI's attempt limit came from: 2.x's Parâmetros screen, the
 * notifier's configuration, or (3.x) the rows, when a completed run left
 * failures below the configured limit untried (see `withInferredLimit`).
 */
export type AttemptLimitSource = 'md_pi_parametros.quantidade_tentativas' | 'MAX_SEND_ATTEMPTS' | 'inferred';

/** The settings of the SEI a check reads with, whatever the module's version. */
export interface SeiSettings {
  /** The attempt limit SEI's runs use. */
  readonly maxAttempts: number;
  readonly maxAttemptsSource: AttemptLimitSource;
  /** Module 2.x's "Administrador da Integração" (`md_pi_parametros.email_administrador`). */
  readonly integrationAdmin?: string;
  /** When the limit was inferred: the completed run whose untried failures showed it. */
  readonly inferredFrom?: { readonly completedStart?: string };
}

/**
 * SEI's attempt limit and integration administrator. On module 2.x they are
 * in `md_pi_parametros` (its Parâmetros screen), and the limit there is the
 * one its runs use, so it wins over `MAX_SEND_ATTEMPTS`; on 3.x the limit is
 * `TentativasReenvio` in the configuration file, which the database does not
 * show: `MAX_SEND_ATTEMPTS` says it. One more statement, on 2.x only.
 */
export async function readSeiSettings(reader: SqlReader, access: PackageAccess, config: FunctionConfig): Promise<SeiSettings> {
  const configured: SeiSettings = { maxAttempts: config.maxSendAttempts, maxAttemptsSource: 'MAX_SEND_ATTEMPTS' };
  if (!access.moduleV2) return configured;
  const v2 = await readModuleV2Settings(reader);
  return {
    ...(v2.attemptsLimit !== undefined
      ? { maxAttempts: v2.attemptsLimit, maxAttemptsSource: 'md_pi_parametros.quantidade_tentativas' }
      : configured),
    integrationAdmin: v2.integrationAdmin,
  };
}

/**
 * The limit a 3.x SEI really uses, when its rows show it is lower than the
 * configured one. A completed run tries every package that is `NI`, or not
 * `I` with attempts below `TentativasReenvio` (the send loop stops only on
 * an empty or short page: `MPRN::publicarProcessosMonitorados`,
 * `listarProcessosPublicacao`, v3.0.3), and each try re-stamps the
 * package's cycle. A failed package whose cycle is older than the last
 * completed run's was not tried by it, so the limit is at most its
 * attempts: the fewest such attempts is the limit (packages stop exactly
 * there). Module 2.x's limit is read, never inferred.
 */
export function withInferredLimit(settings: SeiSettings, untried: UntriedFailures): SeiSettings {
  const { attempts } = untried;
  if (settings.maxAttemptsSource !== 'MAX_SEND_ATTEMPTS' || attempts === undefined) return settings;
  if (attempts < 1 || attempts >= settings.maxAttempts) return settings;
  return { ...settings, maxAttempts: attempts, maxAttemptsSource: 'inferred', inferredFrom: { completedStart: untried.completedStart } };
}

/**
 * Who SEI names as administrators: module 2.x's integration administrator,
 * to whom 2.x's own notifications went, and `SEI_EMAIL_ADMINISTRADOR`, to
 * whom 3.x's go (an agency upgrading keeps both informed). Duplicates are
 * removed when the list is parsed.
 */
export function seiAdministrators(settings: SeiSettings, seiEmailAdministrador: string | undefined): string | undefined {
  const lists = [settings.integrationAdmin, seiEmailAdministrador].filter((list): list is string => Boolean(list?.trim()));
  return lists.length > 0 ? lists.join(';') : undefined;
}
