import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createExecutorForUrl, type DataApiBridge, type SqlExecutor, startDataApiBridge } from '../../local/bridge';
import { HELP, OPTIONS } from '../../local/demo/cli';
import { SUMMARY_WIDTH } from '../../local/demo/summary-table';
import { connectDirect } from '../../local/harness/direct-connection';
import { LOCAL_CLUSTER_ARN, LOCAL_SECRET_ARN } from '../../local/harness/local-aws-env';
import { createDatabase, createReadOnlyUser, findFreePort } from '../../local/harness/servers';
import { createSeiSchema, loadDataset } from '../../local/sei/dataset';
import { buildScenario } from '../../local/sei/scenarios';
import { SEI_TABLES } from '../../shared/sei/queries';
import { type Endpoint, noAwsEnv, SEND_QUOTA, startFakeSes, UNRESOLVABLE } from '../support/aws-endpoints';
import { cli, cliWithEnv, summaryEntry, tempDirs } from './support/run-cli';

const newOutbox = tempDirs();

/** An outbox holding the last run's mail. */
function lastRunsOutbox(): string {
  const outbox = newOutbox();
  writeFileSync(join(outbox, 'anterior.eml'), 'x');
  return outbox;
}

describe('npm start: the embedded demo', () => {
  it('runs both real handlers on every story, writes the mails and exits 0', async () => {
    const outbox = newOutbox();
    writeFileSync(join(outbox, 'anterior--failed-processes.eml'), 'e-mail da execução anterior');
    writeFileSync(join(outbox, 'notas.txt'), 'do operador');
    // No AWS configuration at all, and a profile that does not exist: the demo needs none.
    const result = await cliWithEnv({ ...noAwsEnv(newOutbox()), AWS_PROFILE: 'inexistente' }, '--outbox', outbox);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(SUMMARY_WIDTH);
    expect(result.stdout).toMatch(/Tempo: \d+,\d s\.\n$/);
    const row = (check: string, story: string) => summaryEntry(result.stdout, check, story);
    expect(row('failed-processes', 'Último ciclo com falhas')).toContain('e-mail gerado (local)');
    expect(row('stalled-packages', 'Último ciclo com falhas')).toContain('nada a notificar');
    expect(row('stalled-packages', 'Publicação parada há dias')).toContain('e-mail gerado (local)');
    // The last completed run, four nights ago, left a failure, and the runs since did not finish.
    expect(row('failed-processes', 'Publicação parada há dias')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Web service falhando')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Falhas de ontem resolvidas hoje')).toContain('"Resolvido" gerado (local)');
    expect(row('failed-processes', 'Reenvio forçado que voltou a falhar')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Publicação interrompida no meio')).toContain('e-mail gerado (local)');
    expect(row('stalled-packages', 'Publicação interrompida no meio')).toContain('e-mail gerado (local)');
    expect(row('failed-processes', 'Tudo em ordem')).toContain('nada a notificar');
    // The figures behind "nothing to report": the tolerance and where it came from, days since the last success.
    expect(row('stalled-packages', 'Tudo em ordem')).toMatch(
      /nada a notificar motivo: envio dentro da tolerância \(tolerância 2 d \(padrão\); 0 d desde o último sucesso\)/
    );
    expect(row('failed-processes', 'Tudo em ordem')).toMatch(
      /último ciclo sem falhas \(12 pacotes tentados desde \d\d\/\d\d\/\d{4} \d\d:00\)/
    );
    expect(row('stalled-packages', 'Tudo em ordem')).toContain('nada a notificar');

    // The last run's mails are replaced; the operator's other files stay.
    expect(readFileSync(join(outbox, 'notas.txt'), 'utf8')).toBe('do operador');
    expect(
      readdirSync(outbox)
        .filter((f) => f !== 'notas.txt')
        .sort()
    ).toEqual([
      'ciclo-com-falhas--failed-processes.eml',
      'ciclo-com-falhas--failed-processes.html',
      'execucao-interrompida--failed-processes.eml',
      'execucao-interrompida--failed-processes.html',
      'execucao-interrompida--stalled-packages.eml',
      'execucao-interrompida--stalled-packages.html',
      'falhas-resolvidas--failed-processes.eml',
      'falhas-resolvidas--failed-processes.html',
      'publicacao-parada--failed-processes.eml',
      'publicacao-parada--failed-processes.html',
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
    expect(readFileSync(join(outbox, 'reenvio-forcado--failed-processes.html'), 'utf8')).toMatch(
      /<title>\[Plugin SEI-PI\] 3 processos não integrados no último ciclo .*<\/title>/
    );
    expect(readFileSync(join(outbox, 'execucao-interrompida--failed-processes.html'), 'utf8')).toMatch(
      /<title>\[Plugin SEI-PI\] 3 processos com falha: publicação não concluída \(iniciada em .*\)<\/title>/
    );
    // FI texts as a batch send that failed mid-run leaves them.
    expect(readFileSync(join(outbox, 'servico-fora-do-ar--failed-processes.html'), 'utf8')).toContain(
      'SF001 - SOAP Fault: Internal Server Error'
    );
    expect(readFileSync(join(outbox, 'execucao-interrompida--failed-processes.html'), 'utf8')).toContain(
      'SF001 - Connection timed out after 30000 milliseconds'
    );
  });

  it('documents every option in --help, grouped by path', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(HELP);
    for (const option of Object.keys(OPTIONS)) expect(HELP).toMatch(new RegExp(`^ {2}--${option} `, 'm'));
    // Each path's options under its own heading, in this order.
    const at = (text: string) => HELP.indexOf(text);
    expect(at('1. Demonstração')).toBeGreaterThan(0);
    expect(at('1. Demonstração')).toBeLessThan(at('2. Simulação'));
    expect(at('2. Simulação')).toBeLessThan(at('  --database-url'));
    expect(at('  --database-url')).toBeLessThan(at('3. Pelo RDS Data API'));
    for (const option of ['--cluster-arn', '--secret-arn', '--database ', '--engine']) {
      expect(at(`  ${option}`)).toBeGreaterThan(at('3. Pelo RDS Data API'));
      expect(at(`  ${option}`)).toBeLessThan(at('Envio de verdade'));
    }
    // --send: on both database paths, not only with --database-url.
    expect(HELP).toContain('Envio de verdade (caminhos 2 e 3');
    expect(at('  --send')).toBeGreaterThan(at('Envio de verdade'));
    for (const line of HELP.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
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
    expect(await cli('--sei-name', 'SEI [produção]')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--sei-name deve ter de 1 a 60 caracteres, sem colchetes'),
    });
    expect(await cli('--sei-url', 'sei.orgao.gov.br')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--sei-url deve ser um endereço http(s), ex.: https://sei.orgao.gov.br (recebido "sei.orgao.gov.br")'
      ),
    });
    const dataApi = ['--cluster-arn', LOCAL_CLUSTER_ARN, '--secret-arn', LOCAL_SECRET_ARN, '--database', 'sei', '--engine', 'mysql'];
    expect(await cli(...dataApi, '--region', 'sa-east-1')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--region sa-east-1 não é a região do cluster (us-east-1, no --cluster-arn)'),
    });
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
    const sei = ['--sei-name', 'SEI-MGI Produção', '--sei-url', 'https://sei.orgao.gov.br'];
    const result = await cli('--database-url', readOnlyUrl, ...sei, '--outbox', outbox);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Simulação no banco informado (nada foi enviado)');
    expect(result.stdout).toMatch(/failed-processes .*enviaria e-mail/);
    expect(result.stdout).toMatch(/stalled-packages .*nada a notificar/);
    expect(existsSync(join(outbox, 'failed-processes--simulacao.eml'))).toBe(true);
    const html = readFileSync(join(outbox, 'failed-processes--simulacao.html'), 'utf8');
    expect(html).toContain('Processos com falha');
    // --sei-name and --sei-url reach the mail as SEI_NAME and SEI_URL do.
    expect(html).toContain('SEI-MGI Produção');
    expect(html).toContain('href="https://sei.orgao.gov.br');
  });

  it('says which table is missing when the module is not installed, and keeps the mails of the last run', async () => {
    const emptyDb = await createDatabase(engine === 'postgres' ? inject('postgresUrl') : inject('mysqlUrl'));
    const outbox = newOutbox();
    writeFileSync(join(outbox, 'ontem.eml'), 'e-mail da simulação anterior');
    const result = await cli('--database-url', emptyDb, '--outbox', outbox);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/A tabela md_pi_\w+ não existe.*Protocolo Integrado.*pode não estar instalado/);
    expect(readdirSync(outbox)).toEqual(['ontem.eml']);
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
    // The warning is wrapped to the terminal's width like the summary.
    expect(result.stdout.replace(/\s+/g, ' ')).toMatch(/Aviso — failed-processes: Nenhum destinatário: .*informe destinatários com --to/);
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

  describe('--send: the real SES, from the database given', () => {
    const send = (outbox: string) => [
      '--database-url',
      readOnlyUrl,
      '--send',
      '--from',
      'sei-pi@orgao.gov.br',
      '--to',
      'admin@orgao.gov.br',
      '--outbox',
      outbox,
    ];
    /** The operator's (fake) credentials and nothing else of AWS: no region, no profile. */
    const withCredentials = (env: Record<string, string> = {}) => ({
      ...noAwsEnv(newOutbox()),
      AWS_ACCESS_KEY_ID: 'operador',
      AWS_SECRET_ACCESS_KEY: 'operador',
      ...env,
    });
    /** The CLI sending from the last run's outbox, refused (exit 2) before it read or wrote anything: its stderr. */
    const refused = async (env: Record<string, string>, ...args: string[]) => {
      const outbox = lastRunsOutbox();
      const result = await cliWithEnv(env, ...send(outbox), ...args);
      expect(result.code).toBe(2);
      expect(readdirSync(outbox)).toEqual(['anterior.eml']);
      return result.stderr;
    };
    const endpoints: Endpoint[] = [];
    afterAll(async () => {
      for (const endpoint of endpoints) await endpoint.close();
    });

    it('without AWS credentials says how to configure them, before reading anything', async () => {
      expect(await refused(noAwsEnv(newOutbox()), '--region', 'sa-east-1')).toContain(
        'Nenhuma credencial da AWS encontrada para enviar pelo SES (--send). Configure-as com "aws configure"'
      );
    });

    it('without a region names --region and AWS_REGION, before reading anything', async () => {
      expect(await refused(withCredentials())).toBe(
        'Erro: Nenhuma região da AWS definida para o SES (--send): informe --region (ex.: --region sa-east-1) ou defina a variável AWS_REGION (ou "region" no perfil de ~/.aws/config).\n'
      );
    });

    it('with SES out of reach (no DNS; a proxy the SDK does not use) says so, without a stack trace', async () => {
      const env = withCredentials({ AWS_ENDPOINT_URL_SES: UNRESOLVABLE('email'), HTTPS_PROXY: 'http://proxy.orgao.gov.br:3128' });
      const stderr = await refused(env, '--region', 'sa-east-1');
      expect(stderr).toMatch(
        /^Erro: Sem acesso ao serviço Amazon SES \(email\.sei-pi-teste\.invalid\): o endereço não foi encontrado no DNS \((ENOTFOUND|EAI_AGAIN)\)\./
      );
      expect(stderr).toContain('Há um proxy configurado (HTTPS_PROXY), mas o SDK da AWS não passa por ele');
      expect(stderr).not.toMatch(/\n\s+at /);
    });

    it('sends through SES (region from AWS_REGION), leaving the outbox as it was', async () => {
      const ses = await startFakeSes({ GetSendQuota: SEND_QUOTA, SendRawEmail: { result: '<MessageId>m-1</MessageId>' } });
      endpoints.push(ses);
      const outbox = lastRunsOutbox();
      const result = await cliWithEnv(withCredentials({ AWS_ENDPOINT_URL_SES: ses.url, AWS_REGION: 'sa-east-1' }), ...send(outbox));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Verificações executadas no banco informado (e-mails enviados pelo SES)');
      expect(summaryEntry(result.stdout, 'failed-processes', 'banco informado (envio real)')).toContain(
        'e-mail enviado para 1 destinatário'
      );
      expect(result.stdout).toContain(`E-mails enviados pelo Amazon SES; a pasta ${outbox} não foi alterada.`);
      expect(ses.calls).toEqual(['GetSendQuota', 'SendRawEmail']);
      expect(ses.regions).toEqual(['sa-east-1', 'sa-east-1']);
      expect(readdirSync(outbox)).toEqual(['anterior.eml']);
    });

    it('a send SES refuses fails clearly and keeps the mails of the last run', async () => {
      const ses = await startFakeSes({
        GetSendQuota: SEND_QUOTA,
        SendRawEmail: {
          status: 400,
          code: 'MessageRejected',
          message: 'Email address is not verified. The following identities failed the check in region SA-EAST-1: sei-pi@orgao.gov.br',
        },
      });
      endpoints.push(ses);
      const stderr = await refused(withCredentials({ AWS_ENDPOINT_URL_SES: ses.url }), '--region', 'sa-east-1');
      expect(stderr).toMatch(
        /^Erro: O Amazon SES recusou o e-mail \(MessageRejected\): o remetente \(--from\) precisa ser uma identidade verificada/
      );
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(ses.calls).toContain('SendRawEmail');
    });
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

    const target = ['--cluster-arn', LOCAL_CLUSTER_ARN, '--secret-arn', LOCAL_SECRET_ARN, '--database', 'sei', '--engine', engine];
    /**
     * The CLI with the operator's (fake) credentials and no region anywhere (the cluster's
     * comes from its ARN), the Data API endpoint pointed at the local bridge; `args` after the target.
     */
    const viaDataApi = (outbox: string, env: Record<string, string> = {}, ...args: string[]) =>
      cliWithEnv(
        {
          ...noAwsEnv(newOutbox()),
          AWS_ENDPOINT_URL_RDS_DATA: bridge.url,
          AWS_ACCESS_KEY_ID: 'operador',
          AWS_SECRET_ACCESS_KEY: 'operador',
          ...env,
        },
        ...target,
        ...args,
        ...['--outbox', outbox]
      );

    it('runs both checks in the region of the cluster ARN and writes the would-be mail, sending nothing', async () => {
      const outbox = newOutbox();
      const result = await viaDataApi(outbox);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(summaryEntry(result.stdout, 'failed-processes', 'Data API (simulação)')).toContain('enviaria e-mail');
      expect(existsSync(join(outbox, 'failed-processes--data-api.eml'))).toBe(true);
    });

    it('--send goes through SES in the region of the cluster ARN', async () => {
      const ses = await startFakeSes({ GetSendQuota: SEND_QUOTA, SendRawEmail: { result: '<MessageId>m-1</MessageId>' } });
      try {
        const outbox = newOutbox();
        const result = await viaDataApi(
          outbox,
          { AWS_ENDPOINT_URL_SES: ses.url },
          ...['--send', '--from', 'sei-pi@orgao.gov.br', '--to', 'admin@orgao.gov.br']
        );
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(summaryEntry(result.stdout, 'failed-processes', 'Data API (envio real)')).toContain('e-mail enviado para 1 destinatário');
        expect(ses.calls).toEqual(['GetSendQuota', 'SendRawEmail']);
        // Signed for the cluster's region (us-east-1 in LOCAL_CLUSTER_ARN), with no AWS_REGION anywhere.
        expect(ses.regions).toEqual(['us-east-1', 'us-east-1']);
      } finally {
        await ses.close();
      }
    });

    it('without AWS credentials says that the Data API needs them, and what works without', async () => {
      const outbox = lastRunsOutbox();
      const result = await cliWithEnv(noAwsEnv(newOutbox()), ...target, '--outbox', outbox);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'Nenhuma credencial da AWS encontrada para ler o banco pelo RDS Data API (--cluster-arn). Configure-as com "aws configure"'
      );
      expect(result.stderr).toContain('Sem credenciais da AWS funcionam a simulação com --database-url');
      expect(result.stderr).not.toContain('--send');
      expect(readdirSync(outbox)).toEqual(['anterior.eml']);
    });

    it('with the Data API out of reach (no DNS) says so, without a stack trace', async () => {
      const outbox = lastRunsOutbox();
      const result = await viaDataApi(outbox, { AWS_ENDPOINT_URL_RDS_DATA: UNRESOLVABLE('rds-data') });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^Erro: Sem acesso ao serviço RDS Data API \(rds-data\.sei-pi-teste\.invalid\): o endereço não foi encontrado no DNS \((ENOTFOUND|EAI_AGAIN)\)\..*só sai para a internet por um proxy/
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(outbox)).toEqual(['anterior.eml']);
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
      [
        'UnrecognizedClientException',
        403,
        'The security token included in the request is invalid.',
        'A AWS recusou as suas credenciais ao chamar o serviço RDS Data API (UnrecognizedClientException). Renove-as',
      ],
      [
        'ExpiredTokenException',
        403,
        'The security token included in the request is expired',
        '(ExpiredTokenException: credenciais expiradas). Renove-as ("aws sso login"',
      ],
    ])('explains %s in Portuguese, with the fix', async (name, status, message, expected) => {
      const outbox = lastRunsOutbox();
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
