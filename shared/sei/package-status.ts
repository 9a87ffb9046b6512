/**
 * Status of a package (`md_pi_pacote_envio.sta_integracao`), as the
 * publishing job writes it.
 */
export const PACKAGE_STATUS = {
  notSent: 'NI',
  integrated: 'I',
  businessError: 'EN',
  infrastructureFailure: 'FI',
} as const;

export type PackageStatus = (typeof PACKAGE_STATUS)[keyof typeof PACKAGE_STATUS];

/**
 * Normalizes a raw status: PostgreSQL pads `char(2)` (`'I '`), old rows may be
 * lower case. Unknown values are returned trimmed and upper-cased, so they can
 * still be shown.
 */
export function normalizeStatus(raw: string | null | undefined): string {
  return (raw ?? '').trim().toUpperCase();
}

/** The status in words, for the mail (pt-BR). */
export function describeStatus(raw: string | null | undefined): string {
  switch (normalizeStatus(raw)) {
    case PACKAGE_STATUS.notSent:
      return 'Não enviado';
    case PACKAGE_STATUS.integrated:
      return 'Integrado';
    case PACKAGE_STATUS.businessError:
      return 'Erro negocial (EN)';
    case PACKAGE_STATUS.infrastructureFailure:
      return 'Falha de infraestrutura (FI)';
    default:
      return `Situação desconhecida (${normalizeStatus(raw) || 'vazia'})`;
  }
}
