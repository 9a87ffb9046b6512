import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createExecutorForUrl, type DataApiBridge, type SqlExecutor, startDataApiBridge } from '../../local/bridge';
import { connectDirect } from '../../local/harness/direct-connection';
import { LOCAL_CLUSTER_ARN, LOCAL_SECRET_ARN } from '../../local/harness/local-aws-env';
import { createDatabase, createReadOnlyUser, findFreePort } from '../../local/harness/servers';
import { createSeiSchema, loadDataset } from '../../local/sei/dataset';
import { buildScenario } from '../../local/sei/scenarios';
import { SEI_TABLES } from '../../shared/sei/queries';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm start -- …` the way a user does (a fresh process that must exit by itself). */
async function cli(...args: string[]): Promise<CliResult> {
  return cliWithEnv({}, ...args);
}

/** The same, with extra environment variables (e.g. PGPASSWORD). */
async function cliWithEnv(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['local/demo/cli.ts', ...args], {
      timeout: 90_000,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed) throw new Error('the CLI did not exit within 90 s (something left running?)');
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const outboxes: string[] = [];
function newOutbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sei-pi-outbox-'));
  outboxes.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of outboxes) rmSync(dir, { recursive: true, force: true });
});

describe('npm start: the embedded demo', () => {
  it('runs both real handlers on every story, writes the mails and exits 0', async () => {
    const outbox = newOutbox();
    const result = await cli('--outbox', outbox);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const row = (check: string, story: string) => lines.find((l) => l.startsWith(check) && l.includes(story)) ?? '';
    expect(row('failed-processes', 'Último ciclo com falhas')).toContain('e-mail gerado (local)');
    expect(row('stalled-packages', 'Último ciclo com falhas')).toContain('nada a notificar');
    expect(row('stalled-packages', 'Publicação parada há dias')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Publicação parada há dias')).toContain('nada a notificar');
    expect(row('failed-processes', 'Web service falhando')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Falhas de ontem resolvidas hoje')).toContain('"Resolvido" gerado (local)');
    expect(row('failed-processes', 'Reenvio forçado que voltou a falhar')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Publicação interrompida no meio')).toContain('e-mail gerado (local)');
    expect(row('stalled-packages', 'Publicação interrompida no meio')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Tudo em ordem')).toContain('nada a notificar');
    // The figures behind "nothing to report": the tolerance and where it came from, days since the last success.
    expect(row('stalled-packages', 'Tudo em ordem')).toMatch(
      /nada a notificar +envio dentro da tolerância \(tolerância 2 d \(padrão\); 0 d desde o último sucesso\)/
    );
    expect(row('failed-processes', 'Tudo em ordem')).toMatch(
      /último ciclo sem falhas \(12 pacotes tentados desde \d\d\/\d\d\/\d{4} \d\d:00\)/
    );
    expect(row('stalled-packages', 'Tudo em ordem')).toContain('nada a notificar');

    expect(readdirSync(outbox).sort()).toEqual([
      'ciclo-com-falhas--failed-processes.eml',
      'ciclo-com-falhas--failed-processes.html',
      'execucao-interrompida--failed-processes.eml',
      'execucao-interrompida--failed-processes.html',
      'execucao-interrompida--stalled-packages.eml',
      'execucao-interrompida--stalled-packages.html',
      'falhas-resolvidas--failed-processes.eml',
      'falhas-resolvidas--failed-processes.html',
      'publicacao-parada--stalled-packages.eml',
      'publicacao-parada--stalled-packages.html',
      'reenvio-forcado--failed-processes.eml',
      'reenvio-forcado--failed-processes.html',
      'servico-fora-do-ar--failed-processes.eml',
      'servico-fora-do-ar--failed-processes.html',
    ]);
    const eml = readFileSync(join(outbox, 'publicacao-parada--stalled-packages.eml'), 'utf8');
    // Every recipient of the handler's own mail, not only the first.
    expect(eml).toMatch(/^To: integracao@orgao\.gov\.br, sei-admin@orgao\.gov\.br$/m);
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toContain('Content-Type: text/html');
    expect(readFileSync(join(outbox, 'ciclo-com-falhas--failed-processes.html'), 'utf8')).toContain('Tentativas esgotadas');
    // The re-sent package that failed again is still named; the two integrated by hand are not.
    expect(readFileSync(join(outbox, 'reenvio-forcado--failed-processes.html'), 'utf8')).toMatch(/<title>.*: 3 falhas<\/title>/);
    expect(readFileSync(join(outbox, 'execucao-interrompida--failed-processes.html'), 'utf8')).toMatch(
      /<title>\[Plugin SEI-PI\] Publicação não concluída \(iniciada em .*\): 3 processos com falha<\/title>/
    );
    // FI texts as a batch send that failed mid-run leaves them.
    expect(readFileSync(join(outbox, 'servico-fora-do-ar--failed-processes.html'), 'utf8')).toContain(
      'SF001 - SOAP Fault: Internal Server Error'
    );
    expect(readFileSync(join(outbox, 'execucao-interrompida--failed-processes.html'), 'utf8')).toContain(
      'SF001 - Connection timed out after 30000 milliseconds'
    );
  });

  it('documents every option in --help', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    for (const option of [
      '--database-url',
      '--send',
      '--region',
      '--from',
      '--to',
      '--time-zone',
      '--tolerance',
      '--max-attempts',
      '--max-listed',
      '--outbox',
    ]) {
      expect(result.stdout).toContain(option);
    }
  });

  it('refuses bad options with a clear message', async () => {
    expect(await cli('--tolerance', 'dois')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--tolerance espera um número inteiro positivo'),
    });
    expect(await cli('--time-zone', 'Brasilia')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('fuso horário IANA desconhecido'),
    });
    expect(await cli('--send')).toMatchObject({ code: 2, stderr: expect.stringContaining('--send só vale com --database-url') });
    expect(await cli('--bogus')).toMatchObject({ code: 2, stderr: expect.stringContaining('Opção desconhecida') });
    expect(await cli('--region', 'sa-east-1')).toMatchObject({ code: 2, stderr: expect.stringContaining('--region só vale com --send') });
  });
});

describe.each(['postgres', 'mysql'] as const)('npm start -- --database-url on a %s server', (engine) => {
  let adminUrl: string;
  let readOnlyUrl: string;

  beforeAll(async () => {
    adminUrl = await createDatabase(engine === 'postgres' ? inject('postgresUrl') : inject('mysqlUrl'));
    const seed = await connectDirect(adminUrl);
    await createSeiSchema(seed);
    await loadDataset(seed, buildScenario('partial-failure', new Date(), 'America/Sao_Paulo'));
    await seed.close();
    readOnlyUrl = await createReadOnlyUser(adminUrl, SEI_TABLES);
  });

  it('runs both checks as a SELECT-only user, writes the would-be mail and sends nothing', async () => {
    const outbox = newOutbox();
    const result = await cli('--database-url', readOnlyUrl, '--outbox', outbox);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Simulação no banco informado (nada foi enviado)');
    expect(result.stdout).toMatch(/failed-processes .*enviaria e-mail/);
    expect(result.stdout).toMatch(/stalled-packages .*nada a notificar/);
    expect(existsSync(join(outbox, 'failed-processes--simulacao.eml'))).toBe(true);
    expect(readFileSync(join(outbox, 'failed-processes--simulacao.html'), 'utf8')).toContain('Processos com falha');
  });

  it('says which table is missing when the module is not installed', async () => {
    const emptyDb = await createDatabase(engine === 'postgres' ? inject('postgresUrl') : inject('mysqlUrl'));
    const result = await cli('--database-url', emptyDb, '--outbox', newOutbox());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/A tabela md_pi_\w+ não existe.*Protocolo Integrado.*pode não estar instalado/);
  });

  it('explains wrong credentials', async () => {
    const url = new URL(readOnlyUrl);
    url.password = 'senha-errada';
    const result = await cli('--database-url', url.toString(), '--outbox', newOutbox());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('recusou o usuário ou a senha');
    expect(result.stderr).not.toContain('senha-errada');
  });

  it('explains an unreachable server, and keeps the mails of the last run', async () => {
    const url = new URL(readOnlyUrl);
    url.port = String(await findFreePort());
    const outbox = newOutbox();
    writeFileSync(join(outbox, 'ontem.eml'), 'e-mail da simulação anterior');
    const result = await cli('--database-url', url.toString(), '--outbox', outbox);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Não foi possível conectar ao servidor de banco de dados');
    expect(readFileSync(join(outbox, 'ontem.eml'), 'utf8')).toBe('e-mail da simulação anterior');
  });

  it('with no recipient configured, still writes the would-be mail and says how to give one', async () => {
    const noAdmins = await createDatabase(engine === 'postgres' ? inject('postgresUrl') : inject('mysqlUrl'));
    const seed = await connectDirect(noAdmins);
    await createSeiSchema(seed);
    await loadDataset(
      seed,
      buildScenario('partial-failure', new Date(), 'America/Sao_Paulo', (b) => {
        b.adminEmails = null;
      })
    );
    await seed.close();
    const outbox = newOutbox();
    const result = await cli('--database-url', await createReadOnlyUser(noAdmins, SEI_TABLES), '--outbox', outbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Aviso — failed-processes: Nenhum destinatário: .*informe destinatários com --to/);
    expect(readFileSync(join(outbox, 'failed-processes--simulacao.html'), 'utf8')).toContain('Processos com falha');
  });

  it('takes a password with @, # and : from PGPASSWORD / MYSQL_PWD, or percent-encoded in the URL', async () => {
    const url = new URL(await createReadOnlyUser(adminUrl, SEI_TABLES));
    const password = 'p@ss#1:/x';
    const admin = await connectDirect(adminUrl);
    await admin.run(
      engine === 'postgres'
        ? `ALTER ROLE "${url.username}" PASSWORD '${password}'`
        : `ALTER USER '${decodeURIComponent(url.username)}'@'%' IDENTIFIED BY '${password}'`
    );
    await admin.close();
    url.password = '';
    const fromEnv = await cliWithEnv(
      { [engine === 'postgres' ? 'PGPASSWORD' : 'MYSQL_PWD']: password },
      '--database-url',
      url.toString(),
      '--outbox',
      newOutbox()
    );
    expect(fromEnv.stderr).toBe('');
    expect(fromEnv.code).toBe(0);
    url.password = encodeURIComponent(password);
    const encoded = await cli('--database-url', url.toString(), '--outbox', newOutbox());
    expect(encoded.code).toBe(0);
    expect((await cli('--help')).stdout).toContain('PGPASSWORD (PostgreSQL) ou MYSQL_PWD');
  });

  it('--send without AWS credentials says how to configure them, before reading anything', async () => {
    const home = newOutbox();
    const noCredentials = {
      HOME: home,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    };
    const outbox = newOutbox();
    writeFileSync(join(outbox, 'anterior.eml'), 'x');
    const result = await cliWithEnv(
      noCredentials,
      '--database-url',
      readOnlyUrl,
      '--send',
      '--from',
      'sei-pi@orgao.gov.br',
      '--region',
      'sa-east-1',
      '--outbox',
      outbox
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Nenhuma credencial da AWS encontrada para enviar pelo SES (--send). Configure-as com "aws configure"');
    expect(existsSync(join(outbox, 'anterior.eml'))).toBe(true);
  });

  describe('through the RDS Data API (--cluster-arn, --secret-arn, --database, --engine)', () => {
    let bridge: DataApiBridge;
    let executor: SqlExecutor;
    beforeAll(async () => {
      executor = createExecutorForUrl(readOnlyUrl);
      bridge = await startDataApiBridge({ executor });
    });
    afterAll(async () => {
      await bridge?.close();
      await executor?.close();
    });
    beforeEach(() => bridge.faults.clear());

    /** The CLI with the operator's (fake) credentials, the Data API endpoint pointed at the local bridge. */
    const viaDataApi = (outbox: string) =>
      cliWithEnv(
        { AWS_ENDPOINT_URL_RDS_DATA: bridge.url, AWS_ACCESS_KEY_ID: 'operador', AWS_SECRET_ACCESS_KEY: 'operador' },
        ...['--cluster-arn', LOCAL_CLUSTER_ARN, '--secret-arn', LOCAL_SECRET_ARN, '--database', 'sei', '--engine', engine],
        ...['--region', 'us-east-1', '--outbox', outbox]
      );

    it('runs both checks and writes the would-be mail, sending nothing', async () => {
      const outbox = newOutbox();
      const result = await viaDataApi(outbox);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/failed-processes +Data API \(simulação\) +enviaria e-mail/);
      expect(existsSync(join(outbox, 'failed-processes--data-api.eml'))).toBe(true);
    });

    it('waits for a resuming Aurora, and says so', async () => {
      bridge.faults.resumingFor(2_500);
      const result = await viaDataApi(newOutbox());
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('O banco de dados (Aurora) está retomando após uma pausa; aguardando');
    });

    it.each([
      [
        'HttpEndpointNotEnabledException',
        400,
        'HttpEndpoint is not enabled for cluster sei-local.',
        'O RDS Data API não está habilitado no cluster',
      ],
      ['SecretsErrorException', 400, "Secrets Manager can't find the specified secret.", 'não foi encontrado ou não pôde ser lido'],
      [
        'ForbiddenException',
        403,
        'User is not authorized to access this resource',
        'Acesso negado pela AWS: suas credenciais precisam de rds-data:ExecuteStatement',
      ],
      ['AccessDeniedException', 403, 'not authorized to perform: rds-data:ExecuteStatement', 'Acesso negado pela AWS'],
    ])('explains %s in Portuguese, with the fix', async (name, status, message, expected) => {
      const outbox = newOutbox();
      writeFileSync(join(outbox, 'anterior.eml'), 'x');
      bridge.faults.inject({ error: { name, status, message }, times: 20 });
      const result = await viaDataApi(outbox);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(expected);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(outbox, 'anterior.eml'))).toBe(true);
    });
  });

  it('names the table and the GRANT when the user may not read one', async () => {
    const partial = await createReadOnlyUser(
      adminUrl,
      SEI_TABLES.filter((t) => t !== 'md_pi_parametros')
    );
    const result = await cli('--database-url', partial, '--outbox', newOutbox());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /não tem permissão de leitura na tabela md_pi_parametros\. Conceda-a .* com: GRANT SELECT ON md_pi_parametros TO /
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

it('refuses an unsupported URL scheme', async () => {
  const result = await cli('--database-url', 'oracle://u:p@host:1521/sei', '--outbox', newOutbox());
  expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('Esquema de URL não suportado: "oracle"') });
});
