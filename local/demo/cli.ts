import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkClusterArn, checkSecretArn, DB_NAME } from '../../shared/config-rules';
import { NotifierError } from '../../shared/errors';
import { isValidTimeZone } from '../../shared/sei/local-time';
import { type DataApiTarget, runThroughDataApi } from './data-api-run';
import { DatabaseAccessError } from './database-errors';
import { runDryRun } from './dry-run';
import { runEmbeddedDemo } from './embedded-demo';
import { resetOutbox } from './outbox';
import type { RunOptions } from './run-options';
import { formatSummaryTable } from './summary-table';

const HELP = `Uso: npm start -- [opções]

Sem opções, roda a demonstração embutida: um banco SEI de exemplo (PGlite, em
memória), a ponte local da RDS Data API e um SES local; executa as duas
verificações (processos com falha e envio parado) com os handlers reais, em
várias situações, e grava os e-mails em outbox/ (.eml e .html).

Opções:
  --database-url URL    Simulação contra um banco SEI existente, somente leitura:
                        postgres://usuario:senha@servidor:5432/sei ou
                        mysql://usuario:senha@servidor:3306/sei
                        Senha com @, #, : ou /: codifique-a na URL (@ vira %40,
                        # vira %23) ou deixe-a fora da URL e passe-a na variável
                        PGPASSWORD (PostgreSQL) ou MYSQL_PWD (MySQL/MariaDB).
  --send                Com --database-url: envia os e-mails de verdade pelo
                        Amazon SES (credenciais e região padrão da AWS; exige --from
                        com uma identidade verificada). Sem --send nada é enviado.
  --region REGIÃO       Com --send: região do SES (ex.: sa-east-1). Padrão: a da
                        configuração da AWS (AWS_REGION ou a do perfil em ~/.aws/config).
  --from EMAIL          Remetente (MAIL_FROM). Padrão: sei-pi@orgao.gov.br
  --to LISTA            Destinatários separados por ; ou , (MAIL_TO). Padrão: o
                        parâmetro SEI_EMAIL_ADMINISTRADOR do banco.
  --time-zone ZONA      Fuso do servidor do SEI (SEI_TIME_ZONE). Padrão: America/Sao_Paulo
  --tolerance DIAS      Tolerância do envio parado (STALLED_AFTER_DAYS). Padrão: o
                        parâmetro da tarefa no SEI, ou 2.
  --max-attempts N      Tentativas de envio do SEI (MAX_SEND_ATTEMPTS). Padrão: 15
  --max-listed N        Processos listados por e-mail (MAX_LISTED). Padrão: 50
  --outbox PASTA        Onde gravar os e-mails. Padrão: outbox
  --verbose             Mostra os logs estruturados das funções.
  --help                Mostra esta ajuda.
`;

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`--${name} espera um número inteiro positivo (recebido "${value}").`);
  }
  return Number(value);
}

function parse(argv: string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/^Unknown option/, 'Opção desconhecida')}. Veja npm start -- --help.`);
  }
  const v = parsed.values;
  const timeZone = v['time-zone'] ?? 'America/Sao_Paulo';
  if (!isValidTimeZone(timeZone))
    throw new UsageError(`--time-zone: fuso horário IANA desconhecido "${timeZone}" (ex.: America/Sao_Paulo).`);
  const dataApi = dataApiTargetOf(v);
  if (dataApi && v['database-url']) throw new UsageError('Use --database-url ou --cluster-arn/--secret-arn/--database, não os dois.');
  if (v.send && !v['database-url'] && !dataApi) throw new UsageError('--send só vale com --database-url ou com --cluster-arn.');
  if (v.send && !v.from) throw new UsageError('--send exige --from com o remetente verificado no SES.');
  if (v.region !== undefined && !v.send && !dataApi) throw new UsageError('--region só vale com --send ou com --cluster-arn.');
  if (v.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.region)) {
    throw new UsageError(`--region: região da AWS inválida "${v.region}" (ex.: sa-east-1).`);
  }
  const options: RunOptions = {
    outbox: resolve(v.outbox ?? 'outbox'),
    region: v.region,
    seiTimeZone: timeZone,
    mailTo: v.to,
    mailFrom: v.from,
    stalledAfterDays: positiveInt('tolerance', v.tolerance),
    maxSendAttempts: positiveInt('max-attempts', v['max-attempts']),
    maxListed: positiveInt('max-listed', v['max-listed']),
    verbose: v.verbose ?? false,
  };
  return { help: v.help ?? false, databaseUrl: v['database-url'], dataApi, send: v.send ?? false, options };
}

/** `--cluster-arn`, `--secret-arn`, `--database` and `--engine`, all or none, checked by the functions' own rules. */
function dataApiTargetOf(v: Partial<Record<'cluster-arn' | 'secret-arn' | 'database' | 'engine', string>>): DataApiTarget | undefined {
  const given = (['cluster-arn', 'secret-arn', 'database', 'engine'] as const).filter((k) => v[k] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 4) {
    throw new UsageError('Para usar o RDS Data API informe juntos --cluster-arn, --secret-arn, --database e --engine (mysql ou postgres).');
  }
  const problem =
    (checkClusterArn(v['cluster-arn'] ?? '') && `--cluster-arn: ${checkClusterArn(v['cluster-arn'] ?? '')}`) ||
    (checkSecretArn(v['secret-arn'] ?? '') && `--secret-arn: ${checkSecretArn(v['secret-arn'] ?? '')}`) ||
    (!DB_NAME.test(v.database ?? '') && '--database: nome de banco inválido') ||
    (!['mysql', 'postgres'].includes(v.engine ?? '') && '--engine: use mysql ou postgres');
  if (problem) throw new UsageError(`${problem}.`);
  return {
    clusterArn: v['cluster-arn'] ?? '',
    secretArn: v['secret-arn'] ?? '',
    database: v.database ?? '',
    engine: v.engine as 'mysql' | 'postgres',
  };
}

const OPTIONS = {
  'database-url': { type: 'string' },
  'cluster-arn': { type: 'string' },
  'secret-arn': { type: 'string' },
  database: { type: 'string' },
  engine: { type: 'string' },
  send: { type: 'boolean' },
  region: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'time-zone': { type: 'string' },
  tolerance: { type: 'string' },
  'max-attempts': { type: 'string' },
  'max-listed': { type: 'string' },
  outbox: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { help, databaseUrl, dataApi, send, options } = parse(argv);
    if (help) {
      process.stdout.write(HELP);
      return 0;
    }
    const started = Date.now();
    // The dry run empties the outbox only once it has connected: a failed attempt loses nothing.
    if (!databaseUrl && !dataApi) await resetOutbox(options.outbox);
    const { rows, warnings } = dataApi
      ? await runThroughDataApi(dataApi, send, options)
      : databaseUrl
        ? await runDryRun(databaseUrl, send, options)
        : { rows: await runEmbeddedDemo(options), warnings: [] };
    const title =
      databaseUrl || dataApi
        ? send
          ? 'Verificações executadas no banco informado (e-mails enviados pelo SES):'
          : 'Simulação no banco informado (nada foi enviado):'
        : 'Demonstração do notificador SEI · Protocolo Integrado (banco de exemplo embutido):';
    process.stdout.write(`${title}\n\n${formatSummaryTable(rows)}\n\n`);
    for (const warning of warnings) process.stdout.write(`Aviso — ${warning}\n\n`);
    process.stdout.write(
      `E-mails gravados em ${options.outbox} (.eml abre em qualquer cliente de e-mail; .html no navegador). Tempo: ${((Date.now() - started) / 1000).toFixed(1)} s.\n`
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DatabaseAccessError || error instanceof NotifierError) {
      process.stderr.write(`Erro: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Erro inesperado: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('local/demo/cli.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
