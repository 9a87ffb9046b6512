import { dialectOfUrl } from '../harness/direct-connection';

/** A database problem explained to an SEI administrator (pt-BR). */
export class DatabaseAccessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseAccessError';
  }
}

/** The engine of a database URL; an unsupported scheme is a clear error. */
export function engineOfUrl(databaseUrl: string): 'postgres' | 'mysql' {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseAccessError(
      `URL de banco de dados inválida. Use postgres://usuario:senha@servidor:5432/sei ou mysql://usuario:senha@servidor:3306/sei.`
    );
  }
  try {
    return dialectOfUrl(databaseUrl);
  } catch {
    throw new DatabaseAccessError(
      `Esquema de URL não suportado: "${url.protocol.replace(/:$/, '')}". Use postgres:// (ou postgresql://) para PostgreSQL e mysql:// (ou mariadb://) para MySQL/MariaDB.`
    );
  }
}

/** The server part of a URL, without credentials, for messages. */
function where(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Turns a driver error (pg or mysql2) into a message an administrator can act on. */
export function explainDatabaseError(error: unknown, databaseUrl: string): DatabaseAccessError {
  const e = error as { code?: string; errno?: number; message?: string };
  const code = e.code ?? '';
  const target = where(databaseUrl);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    return new DatabaseAccessError(
      `Não foi possível conectar ao servidor de banco de dados ${target} (${code}). Verifique o endereço, a porta, a rede e se o servidor está no ar.`,
      { cause: error }
    );
  }
  if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR' || e.errno === 1045) {
    return new DatabaseAccessError(
      `O banco de dados ${target} recusou o usuário ou a senha informados na URL. Confira as credenciais do usuário somente leitura.`,
      { cause: error }
    );
  }
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR' || e.errno === 1049) {
    return new DatabaseAccessError(`O banco de dados informado na URL não existe em ${target}.`, { cause: error });
  }
  return new DatabaseAccessError(`Erro ao acessar o banco de dados ${target}: ${e.message ?? String(error)}`, {
    cause: error,
  });
}
