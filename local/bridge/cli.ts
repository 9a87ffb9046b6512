/**
 * Starts the Data API bridge from the command line for manual runs.
 *
 *   npx tsx local/bridge/cli.ts [--database-url postgres://…|mysql://…] [--port N] [--host H]
 *
 * Without --database-url it serves a fresh, empty in-memory PGlite.
 * User-facing text is in Brazilian Portuguese.
 */
import { parseArgs } from 'node:util';
import { createExecutorForUrl } from './executor-for-url';
import { createPgliteExecutor } from './pglite-executor';
import { startDataApiBridge } from './server';
import type { SqlExecutor } from './types';

const USAGE = `Uso: npx tsx local/bridge/cli.ts [opções]

Sobe um servidor local que responde como a RDS Data API (ExecuteStatement),
executando o SQL num banco de verdade.

Opções:
  --database-url URL   banco de destino: postgres://usuario@host:porta/banco
                       ou mysql://usuario:senha@host:porta/banco
                       (sem esta opção: PGlite vazio, em memória)
  --port N             porta HTTP (padrão: uma porta livre)
  --host H             endereço de escuta (padrão: 127.0.0.1)
  -h, --help           mostra esta ajuda
`;

function describeTarget(url: string | undefined): string {
  if (!url) return 'PGlite em memória (banco vazio)';
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url;
  }
}

const OPTIONS = {
  'database-url': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<void> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ options: OPTIONS, strict: true }));
  } catch (err) {
    process.stderr.write(`Erro: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Erro: porta inválida: ${values.port}\n`);
    process.exit(2);
  }

  const databaseUrl = values['database-url'];
  let executor: SqlExecutor;
  let closeDatabase: () => Promise<void> = async () => {};
  if (databaseUrl) {
    try {
      executor = createExecutorForUrl(databaseUrl);
    } catch (err) {
      process.stderr.write(`Erro: URL de banco inválida: ${(err as Error).message}\n`);
      process.exit(2);
    }
    closeDatabase = () => executor.close();
  } else {
    process.stdout.write('Iniciando PGlite em memória (leva alguns segundos)...\n');
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    await db.waitReady;
    executor = createPgliteExecutor(db);
    closeDatabase = () => db.close();
  }

  const bridge = await startDataApiBridge({ executor, port, ...(values.host ? { host: values.host } : {}) });
  process.stdout.write(
    [
      `Ponte da RDS Data API no ar: ${bridge.url}`,
      `Banco: ${describeTarget(databaseUrl)} (${executor.dialect === 'mysql' ? 'MySQL' : 'PostgreSQL'})`,
      '',
      'Para usar com o SDK da AWS (credenciais falsas bastam):',
      `  export AWS_ENDPOINT_URL_RDS_DATA=${bridge.url}`,
      '  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local',
      '',
      'Ctrl+C para encerrar.',
      '',
    ].join('\n')
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nRecebido ${signal}; encerrando...\n`);
    try {
      await bridge.close();
      await closeDatabase();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Erro ao iniciar a ponte: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
