import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../shared/config';
import { maskEmails } from '../../shared/notifier/mask-emails';
import { needsAdminEmails, recipientListFor, resolveRecipients } from '../../shared/notifier/notice-recipients';
import { batchRecipients, parseRecipients } from '../../shared/sei/recipient-list';

const silent = { info() {}, warn() {} };

describe('recipients', () => {
  it('splits on ; and , trims, drops duplicates in any case and keeps order', () => {
    expect(parseRecipients(' a@orgao.gov.br; B@orgao.gov.br ,a@ORGAO.gov.br;;').valid).toEqual(['a@orgao.gov.br', 'B@orgao.gov.br']);
  });

  it('reads display names and reports invalid entries apart', () => {
    const list = parseRecipients('Fulano de Tal <fulano@orgao.gov.br>; não-é-email; x@; <y@orgao.gov.br>');
    expect(list.valid).toEqual(['fulano@orgao.gov.br', 'y@orgao.gov.br']);
    expect(list.invalid).toEqual(['não-é-email', 'x@']);
  });

  it('batches at most 50 per message', () => {
    const many = Array.from({ length: 120 }, (_, i) => `u${i}@orgao.gov.br`);
    expect(batchRecipients(many).map((b) => b.length)).toEqual([50, 50, 20]);
  });

  it('prefers MAIL_TO over SEI_EMAIL_ADMINISTRADOR', () => {
    expect(resolveRecipients('ops@orgao.gov.br', 'admin@orgao.gov.br', silent, 250)).toEqual({ recipients: ['ops@orgao.gov.br'], cut: 0 });
    expect(resolveRecipients(undefined, 'admin@orgao.gov.br', silent, 250)).toEqual({ recipients: ['admin@orgao.gov.br'], cut: 0 });
  });

  it('cuts the recipients at MAX_RECIPIENTS, with a warning that names no address', () => {
    const warnings: unknown[] = [];
    const many = Array.from({ length: 5000 }, (_, i) => `admin${i}@orgao.gov.br`).join(';');
    const { recipients, cut } = resolveRecipients(undefined, many, { info() {}, warn: (m, e) => warnings.push([m, e]) }, 250);
    expect(recipients).toHaveLength(250);
    expect(cut).toBe(4750);
    expect(warnings).toEqual([['Recipients cut', { source: 'SEI_EMAIL_ADMINISTRADOR', given: 5000, kept: 250 }]]);
  });

  it('fails when nobody would receive the notification', () => {
    expect(() => resolveRecipients(undefined, '', silent, 250)).toThrow(/SEI_EMAIL_ADMINISTRADOR/);
    expect(() => resolveRecipients(undefined, undefined, silent, 250)).toThrow(/Nenhum destinatário/);
    expect(() => resolveRecipients(undefined, 'lixo; mais lixo', silent, 250)).toThrow(/NoRecipientsError|Nenhum destinatário/);
  });

  it('logs invalid entries masked, never in clear', () => {
    const warnings: unknown[] = [];
    resolveRecipients(undefined, 'fulano.silva@; ok@orgao.gov.br', { info() {}, warn: (_m, e) => warnings.push(e) }, 250);
    expect(JSON.stringify(warnings)).not.toContain('fulano.silva');
    expect(JSON.stringify(warnings)).toContain('f***@');
  });
});

describe('which list each audience gets', () => {
  const lists = (mailTo?: string, mailToInfrastructure?: string, mailToRecords?: string) =>
    ({ mailTo, mailToInfrastructure, mailToRecords }) as FunctionConfig;
  const admins = 'admin@orgao.gov.br';

  it('reads SEI_EMAIL_ADMINISTRADOR exactly when some part of the audience falls back to it', () => {
    const cases: [FunctionConfig, boolean, string | undefined][] = [
      [lists(), true, undefined],
      [lists('todos@orgao.gov.br'), false, 'todos@orgao.gov.br'],
      [lists(undefined, 'infra@orgao.gov.br'), true, `infra@orgao.gov.br;${admins}`],
      [lists(undefined, undefined, 'prot@orgao.gov.br'), true, `${admins};prot@orgao.gov.br`],
      [lists(undefined, 'infra@orgao.gov.br', 'prot@orgao.gov.br'), false, 'infra@orgao.gov.br;prot@orgao.gov.br'],
      [lists('todos@orgao.gov.br', 'infra@orgao.gov.br'), false, 'infra@orgao.gov.br;todos@orgao.gov.br'],
    ];
    for (const [config, needed, everyone] of cases) {
      expect(needsAdminEmails(config, 'everyone')).toBe(needed);
      expect(recipientListFor(config, 'everyone', admins)).toBe(everyone);
    }
    expect(needsAdminEmails(lists(undefined, 'infra@orgao.gov.br'), 'infrastructure')).toBe(false);
    expect(needsAdminEmails(lists(undefined, 'infra@orgao.gov.br'), 'records')).toBe(true);
    expect(needsAdminEmails(lists('todos@orgao.gov.br'), 'records')).toBe(false);
  });
});

describe('masking addresses in error texts', () => {
  it('hides the local part of every address, keeps the domain', () => {
    expect(
      maskEmails(
        'Email address is not verified. The following identities failed the check in region SA-EAST-1: fulano.silva@orgao.gov.br, <b@x.org>'
      )
    ).toBe('Email address is not verified. The following identities failed the check in region SA-EAST-1: ***@orgao.gov.br, <***@x.org>');
  });

  it('leaves stack paths and words with @ but no dotted domain alone', () => {
    const stack = 'at Object.send (/var/task/node_modules/@aws-sdk/client-ses/dist-cjs/index.js:1:2)\n at @middy/core';
    expect(maskEmails(stack)).toBe(stack);
    expect(maskEmails('@x.org; x@.org; a@b; @types/node')).toBe('@x.org; x@.org; a@b; @types/node');
    expect(maskEmails('to: "Fulano" <fulano+sei@sub.orgao.gov.br>.')).toBe('to: "Fulano" <***@sub.orgao.gov.br>.');
  });

  it.each([
    ['a non-ASCII local part', 'para joão.silva@orgao.gov.br.', 'para ***@orgao.gov.br.'],
    ['a non-ASCII domain', 'para fulano@órgão.gov.br, ok', 'para ***@órgão.gov.br, ok'],
    ['both, in another script', 'to: 用户@例子.广告', 'to: ***@例子.广告'],
    ['a quoted local part', 'rcpt "fulano de tal"@orgao.gov.br refused', 'rcpt ***@orgao.gov.br refused'],
    ['a quoted local part with an @ inside', '<"a@b"@orgao.gov.br>', '<***@orgao.gov.br>'],
    ['the local host', 'user@localhost; a@b.c', '***@localhost; ***@b.c'],
    ['RFC 5322 symbols in the local part', "o'brien/x=y@orgao.gov.br", '***@orgao.gov.br'],
  ])('catches %s', (_what, text, masked) => {
    expect(maskEmails(text)).toBe(masked);
  });

  it('takes linear time on long texts full of @ and address characters', () => {
    // The earlier regular expression backtracked over each run: about 3 s for 80 k characters,
    // minutes for 1 MB. Here 1 MB of the worst shapes is masked at once.
    const texts = [
      'a'.repeat(1_000_000) + '@',
      'a@'.repeat(500_000),
      `${'a.'.repeat(250_000)}@${'b.'.repeat(250_000)}`,
      // Quotes before each @: the backward search for the opening quote is bounded.
      '"ã"@'.repeat(250_000),
      `"${'ç'.repeat(1_000_000)}"@x`,
    ];
    for (const text of texts) expect(maskEmails(text).length).toBeGreaterThan(0);
    expect(maskEmails(`${'x'.repeat(500_000)}@orgao.gov.br`)).toBe('***@orgao.gov.br');
  }, 10_000);
});
