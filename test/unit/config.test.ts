import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { FunctionConfigError } from '../../shared/errors';

const VALID = {
  DB_ENGINE: 'postgres',
  DB_CLUSTER_ARN: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei-prod',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbCdEf',
  DB_NAME: 'sei',
  MAIL_FROM: 'sei-pi@orgao.gov.br',
};

function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(FunctionConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a FunctionConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(VALID)).toEqual({
      dbEngine: 'postgres',
      dbClusterArn: VALID.DB_CLUSTER_ARN,
      dbSecretArn: VALID.DB_SECRET_ARN,
      dbName: 'sei',
      mailFrom: 'sei-pi@orgao.gov.br',
      mailTo: undefined,
      mailConfigurationSet: undefined,
      seiTimeZone: 'America/Sao_Paulo',
      stalledAfterDays: undefined,
      noNewPackagesAfterDays: 14,
      sei: { name: undefined, url: undefined, timeZone: 'America/Sao_Paulo' },
      maxSendAttempts: 15,
      maxRecipients: 250,
      maxListed: 50,
      stateTable: undefined,
    });
  });

  it('reads every optional variable', () => {
    const c = loadConfig({
      ...VALID,
      MAIL_TO: 'a@orgao.gov.br; b@orgao.gov.br',
      MAIL_CONFIGURATION_SET: 'sei-pi',
      SEI_TIME_ZONE: 'America/Manaus',
      STALLED_AFTER_DAYS: '1',
      MAX_SEND_ATTEMPTS: '10',
      MAX_LISTED: '20',
    });
    expect(c).toMatchObject({ seiTimeZone: 'America/Manaus', stalledAfterDays: 1, maxSendAttempts: 10, maxListed: 20 });
  });

  it.each(['DB_ENGINE', 'DB_CLUSTER_ARN', 'DB_SECRET_ARN', 'DB_NAME', 'MAIL_FROM'])('names %s when it is missing or empty', (name) => {
    expect(errorOf({ ...VALID, [name]: undefined })).toMatch(new RegExp(`${name}: `));
    expect(errorOf({ ...VALID, [name]: '  ' })).toMatch(new RegExp(`${name}: `));
  });

  it.each([
    ['DB_ENGINE', 'oracle', "'mysql' ou 'postgres'"],
    ['DB_CLUSTER_ARN', 'arn:aws:s3:::bucket', 'ARN de um cluster RDS'],
    ['DB_CLUSTER_ARN', 'arn:aws:rds:sa-east-1:123:cluster:x', 'ARN de um cluster RDS'],
    ['DB_SECRET_ARN', VALID.DB_CLUSTER_ARN, 'segredo do Secrets Manager'],
    ['MAIL_FROM', 'sei-pi', 'endereço de e-mail'],
    ['MAIL_FROM', 'a@orgao.gov.br; b@orgao.gov.br', 'único endereço'],
    ['MAIL_TO', 'ninguém', 'nenhum endereço válido'],
    ['SEI_TIME_ZONE', 'Brasilia', 'fuso horário IANA'],
    ['STALLED_AFTER_DAYS', '-1', 'inteiro positivo'],
    ['STALLED_AFTER_DAYS', 'dois', 'inteiro positivo'],
    ['STALLED_AFTER_DAYS', '0', 'inteiro positivo'],
    ['MAX_SEND_ATTEMPTS', '1.5', 'inteiro positivo'],
    ['MAX_SEND_ATTEMPTS', '99999999999999999999', 'até 1000'],
    ['STALLED_AFTER_DAYS', '400', 'até 365'],
    ['MAIL_FROM', 'a@orgao.gov.br;', 'único endereço'],
    ['MAIL_FROM', 'a@orgao.gov.br, A@ORGAO.GOV.BR', 'único endereço'],
    ['MAX_LISTED', '1000', 'de 1 a 200'],
    ['MAX_LISTED', '0', 'de 1 a 200'],
  ])('rejects %s=%s saying what is expected', (name, value, expected) => {
    const message = errorOf({ ...VALID, [name]: value });
    expect(message).toContain(`${name}: `);
    expect(message).toContain(expected);
  });

  it('lists every bad variable in one error', () => {
    const message = errorOf({ DB_ENGINE: 'x' });
    for (const name of ['DB_ENGINE', 'DB_CLUSTER_ARN', 'DB_SECRET_ARN', 'DB_NAME', 'MAIL_FROM']) {
      expect(message).toContain(name);
    }
  });
});
