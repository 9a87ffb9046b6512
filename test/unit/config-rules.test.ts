import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../infra/config';
import { loadConfig } from '../../shared/config';
import { NUMERIC_SETTINGS } from '../../shared/config-rules';

/**
 * Each configuration rule exists once (shared/config-rules.ts): the
 * functions' environment and the deployment's CDK context accept and refuse
 * the same values, each in its own words.
 */

const CLUSTER = 'arn:aws:rds:sa-east-1:123456789012:cluster:sei';
const SECRET = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbCdEf';

/** Both validators on the same values: `[functions accept, synth accepts]`. */
function verdicts(values: {
  mailFrom?: string;
  mailTo?: string;
  dbSecretArn?: string;
  maxListed?: string;
  maxRecipients?: string;
  seiName?: string;
  seiUrl?: string;
}): [boolean, boolean] {
  const accepts = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  const mailFrom = values.mailFrom ?? 'sei-pi@orgao.gov.br';
  const secret = values.dbSecretArn ?? SECRET;
  return [
    accepts(() =>
      loadConfig({
        DB_ENGINE: 'mysql',
        DB_CLUSTER_ARN: CLUSTER,
        DB_SECRET_ARN: secret,
        DB_NAME: 'sei',
        MAIL_FROM: mailFrom,
        MAIL_TO: values.mailTo,
        MAX_LISTED: values.maxListed,
        MAX_RECIPIENTS: values.maxRecipients,
        SEI_NAME: values.seiName,
        SEI_URL: values.seiUrl,
      })
    ),
    accepts(() =>
      parseDeploymentConfig(
        {
          dbEngine: 'mysql',
          dbClusterArn: CLUSTER,
          dbSecretArn: secret,
          dbName: 'sei',
          mailFrom,
          mailTo: values.mailTo,
          maxListed: values.maxListed,
          maxRecipients: values.maxRecipients,
          seiName: values.seiName,
          seiUrl: values.seiUrl,
        },
        'context'
      )
    ),
  ];
}

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `admin${i}@orgao.gov.br`).join(';');

describe('one rule, both sides', () => {
  it.each([
    ['120 recipients (sent in batches of 50)', { mailTo: addresses(120) }, true],
    [`more than ${NUMERIC_SETTINGS.maxRecipients.max} recipients`, { mailTo: addresses(NUMERIC_SETTINGS.maxRecipients.max + 1) }, false],
    ['recipients with display names', { mailTo: 'Fulano <a@orgao.gov.br>; b@orgao.gov.br' }, true],
    ['a recipient list with an invalid entry', { mailTo: 'a@orgao.gov.br; não-é-email' }, false],
    ['a sender with a display name (ses:FromAddress compares the address)', { mailFrom: 'SEI <sei-pi@orgao.gov.br>' }, false],
    [
      'a secret ARN without its 6-character suffix',
      { dbSecretArn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura' },
      false,
    ],
    ['MAX_LISTED at its bound', { maxListed: String(NUMERIC_SETTINGS.maxListed.max) }, true],
    ['MAX_LISTED above its bound', { maxListed: String(NUMERIC_SETTINGS.maxListed.max + 1) }, false],
    ['MAX_RECIPIENTS above its bound', { maxRecipients: '1001' }, false],
    ['a SEI name', { seiName: 'SEI-MGI Produção' }, true],
    ['a SEI name with brackets (it goes inside [ ] in the subject)', { seiName: '[SEI] Produção' }, false],
    ['a SEI name with a C1 control character', { seiName: 'SEI\u0085Produção' }, false],
    ['a SEI name with a zero-width space', { seiName: 'SEI\u200bProdução' }, false],
    ['a SEI name with a right-to-left override', { seiName: 'SEI \u202eoãçudorP' }, false],
    ['a SEI name with a line separator', { seiName: 'SEI\u2028Produção' }, false],
    ['a SEI address that is not http(s)', { seiUrl: 'ftp://sei.orgao.gov.br' }, false],
  ])('%s: the same answer at run time and at synth', (_label, values, accepted) => {
    expect(verdicts(values)).toEqual([accepted, accepted]);
  });
});
