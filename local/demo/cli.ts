import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { splitArn } from '../../shared/arns';
import { checkClusterArn, checkSecretArn, checkSeiName, checkSeiUrl, DB_NAME } from '../../shared/config-rules';
import { NotifierError } from '../../shared/errors';
import { isValidTimeZone } from '../../shared/sei/local-time';
import { AwsAccessError } from './aws-errors';
import { type DataApiTarget, runThroughDataApi } from './data-api-run';
import { DatabaseAccessError } from './database-errors';
import { type ChecksRun, runDryRun } from './dry-run';
import { runEmbeddedDemo } from './embedded-demo';
import { isEntryPoint } from './entry-point';
import { replaceOutboxAfter } from './outbox';
import type { RunOptions } from './run-options';
import { formatSeconds, formatSummary, SUMMARY_WIDTH, wrapText } from './summary-table';

export const HELP = `Uso: npm start -- [opções]

Três caminhos; em todos, as duas verificações (processos com falha e envio
parado) rodam com os mesmos handlers da Lambda e os e-mails são gravados em
outbox/ (.eml abre em qualquer cliente de e-mail; .html no navegador).

1. Demonstração (sem --database-url nem --cluster-arn): um banco SEI de
   exemplo (PGlite, em memória), a ponte local da RDS Data API e um SES
   local, em várias situações. Não usa a AWS nem credenciais.

2. Simulação num banco SEI existente, por acesso direto, somente leitura.
   Não precisa de credenciais da AWS (só com --send).
  --database-url URL    postgres://usuario:senha@servidor:5432/sei ou
                        mysql://usuario:senha@servidor:3306/sei
                        Senha com @, #, : ou /: codifique-a na URL (@ vira %40,
                        # vira %23) ou deixe-a fora da URL e passe-a na variável
                        PGPASSWORD (PostgreSQL) ou MYSQL_PWD (MySQL/MariaDB).

3. Pelo RDS Data API de verdade, como a Lambda lê, com as suas credenciais
   da AWS ("aws configure", "aws sso login", ou AWS_ACCESS_KEY_ID e
   AWS_SECRET_ACCESS_KEY). As quatro opções juntas:
  --cluster-arn ARN     ARN do cluster Aurora (DB_CLUSTER_ARN), ex.:
                        arn:aws:rds:sa-east-1:123456789012:cluster:sei
                        A região do ARN é a da execução.
  --secret-arn ARN      ARN completo do segredo do usuário somente leitura
                        no Secrets Manager, com o sufixo de 6 caracteres
                        (DB_SECRET_ARN).
  --database NOME       Nome do banco do SEI no cluster (DB_NAME), ex.: sei
  --engine MOTOR        mysql ou postgres (DB_ENGINE).

Envio de verdade (caminhos 2 e 3; sem --send nada é enviado):
  --send                Envia os e-mails pelo Amazon SES com as suas
                        credenciais da AWS, em vez de gravá-los em outbox/;
                        exige --from com uma identidade verificada no SES.
  --region REGIÃO       Com --database-url --send: a região do SES, ex.:
                        sa-east-1. Padrão: AWS_REGION ou a região do perfil
                        em ~/.aws/config. Com --cluster-arn: dispensável (é a
                        do ARN; outra é recusada).

Configuração das funções (todos os caminhos; entre parênteses, a variável
que a Lambda usa):
  --from EMAIL          Remetente (MAIL_FROM). Padrão: sei-pi@orgao.gov.br
  --to LISTA            Destinatários separados por ; ou , (MAIL_TO). Padrão:
                        o parâmetro SEI_EMAIL_ADMINISTRADOR do banco.
  --sei-name NOME       Nome curto do SEI no assunto e no texto dos e-mails
                        (SEI_NAME), ex.: "SEI-MGI Produção".
                        Padrão: a variável SEI_NAME, se definida.
  --sei-url URL         Endereço do SEI, para os links dos e-mails (SEI_URL),
                        ex.: https://sei.orgao.gov.br
                        Padrão: a variável SEI_URL, se definida.
  --time-zone ZONA      Fuso do servidor do SEI (SEI_TIME_ZONE).
                        Padrão: America/Sao_Paulo
  --tolerance DIAS      Tolerância do envio parado (STALLED_AFTER_DAYS).
                        Padrão: o parâmetro da tarefa no SEI, ou 2.
  --max-attempts N      Tentativas de envio do SEI (MAX_SEND_ATTEMPTS).
                        Padrão: 15
  --max-listed N        Processos listados por e-mail (MAX_LISTED). Padrão: 50

Saída:
  --outbox PASTA        Onde gravar os e-mails. Padrão: outbox. Os e-mails
                        da execução anterior só são substituídos quando a
                        nova termina bem (com --send, nunca: os e-mails vão
                        aos destinatários); outros arquivos da pasta ficam.
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

/** An option checked by the functions' own rule (`check` returns the problem, or undefined). */
function checked(name: string, value: string | undefined, check: (value: string) => string | undefined): string | undefined {
  const problem = value === undefined ? undefined : check(value);
  if (problem) throw new UsageError(`--${name} ${problem} (recebido "${value}").`);
  return value;
}

/**
 * The region of a run: with --cluster-arn, the cluster's (the Data API
 * answers only there, and the functions send from the same region), which a
 * different --region contradicts; else --region, if given.
 */
function regionOf(given: string | undefined, dataApi: DataApiTarget | undefined): string | undefined {
  const clusterRegion = dataApi ? splitArn(dataApi.clusterArn)?.region : undefined;
  if (given !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(given)) {
    throw new UsageError(`--region: região da AWS inválida "${given}" (ex.: sa-east-1).`);
  }
  if (given !== undefined && clusterRegion && given !== clusterRegion) {
    throw new UsageError(
      `--region ${given} não é a região do cluster (${clusterRegion}, no --cluster-arn): o RDS Data API só responde na região do cluster. Omita --region.`
    );
  }
  return given ?? clusterRegion;
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
  const options: RunOptions = {
    outbox: resolve(v.outbox ?? 'outbox'),
    region: regionOf(v.region, dataApi),
    seiTimeZone: timeZone,
    seiName: checked('sei-name', v['sei-name'], checkSeiName),
    seiUrl: checked('sei-url', v['sei-url'], checkSeiUrl),
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

/** Every option of the CLI (each one documented in {@link HELP}). */
export const OPTIONS = {
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
  'sei-name': { type: 'string' },
  'sei-url': { type: 'string' },
  tolerance: { type: 'string' },
  'max-attempts': { type: 'string' },
  'max-listed': { type: 'string' },
  outbox: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Columns of the summary: the terminal's, at most {@link SUMMARY_WIDTH}. */
function summaryWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  return columns ? Math.max(60, Math.min(columns, SUMMARY_WIDTH)) : SUMMARY_WIDTH;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { help, databaseUrl, dataApi, send, options } = parse(argv);
    if (help) {
      process.stdout.write(HELP);
      return 0;
    }
    const started = Date.now();
    const runIn = async (outbox: string): Promise<ChecksRun> => {
      const run = { ...options, outbox };
      if (dataApi) return runThroughDataApi(dataApi, send, run);
      if (databaseUrl) return runDryRun(databaseUrl, send, run);
      return { rows: await runEmbeddedDemo(run), warnings: [] };
    };
    // A run writes to a folder of its own: a failed attempt leaves the last run's mails. A real
    // send writes nothing (the mails went to their recipients) and leaves the outbox alone.
    const { rows, warnings } = send ? await runIn(options.outbox) : await replaceOutboxAfter(options.outbox, runIn);
    const title =
      databaseUrl || dataApi
        ? send
          ? 'Verificações executadas no banco informado (e-mails enviados pelo SES):'
          : 'Simulação no banco informado (nada foi enviado):'
        : 'Demonstração do notificador SEI · Protocolo Integrado (banco de exemplo embutido):';
    const width = summaryWidth();
    process.stdout.write(`${title}\n\n${formatSummary(rows, width)}\n\n`);
    for (const warning of warnings) process.stdout.write(`${wrapText(`Aviso — ${warning}`, width).join('\n')}\n\n`);
    const where = send
      ? `E-mails enviados pelo Amazon SES; a pasta ${options.outbox} não foi alterada.`
      : `E-mails gravados em ${options.outbox}\n(.eml abre em qualquer cliente de e-mail; .html no navegador).`;
    process.stdout.write(`${where} Tempo: ${formatSeconds(Date.now() - started)}.\n`);
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof DatabaseAccessError ||
      error instanceof NotifierError ||
      error instanceof AwsAccessError
    ) {
      process.stderr.write(`Erro: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Erro inesperado: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url, process.argv[1])) {
  // On Node 20 (supported: package.json engines) the SDK warns, in English, about its releases of
  // 2027, which the pinned version is not; the operator's terminal shows only what concerns the run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await main(process.argv.slice(2));
}
