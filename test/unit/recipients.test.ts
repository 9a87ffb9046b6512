import { describe, expect, it } from 'vitest';
import { maskEmails, resolveRecipients } from '../../shared/notifier/recipients';
import { batchRecipients, parseRecipients } from '../../shared/sei/recipients';

const silent = { info() {}, warn() {} };

describe('recipients', () => {
  it('splits on ; and , trims, drops duplicates in any case and keeps order', () => {
    expect(parseRecipients(' a@orgao.gov.br; B@orgao.gov.br ,a@ORGAO.gov.br;;').valid).toEqual([
      'a@orgao.gov.br',
      'B@orgao.gov.br',
    ]);
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
    expect(resolveRecipients('ops@orgao.gov.br', 'admin@orgao.gov.br', silent)).toEqual(['ops@orgao.gov.br']);
    expect(resolveRecipients(undefined, 'admin@orgao.gov.br', silent)).toEqual(['admin@orgao.gov.br']);
  });

  it('fails when nobody would receive the notification', () => {
    expect(() => resolveRecipients(undefined, '', silent)).toThrow(/SEI_EMAIL_ADMINISTRADOR/);
    expect(() => resolveRecipients(undefined, undefined, silent)).toThrow(/Nenhum destinatário/);
    expect(() => resolveRecipients(undefined, 'lixo; mais lixo', silent)).toThrow(/NoRecipientsError|Nenhum destinatário/);
  });

  it('logs invalid entries masked, never in clear', () => {
    const warnings: unknown[] = [];
    resolveRecipients(undefined, 'fulano.silva@; ok@orgao.gov.br', { info() {}, warn: (_m, e) => warnings.push(e) });
    expect(JSON.stringify(warnings)).not.toContain('fulano.silva');
    expect(JSON.stringify(warnings)).toContain('f***@');
  });
});

describe('masking addresses in error texts', () => {
  it('hides the local part of every address, keeps the domain', () => {
    expect(
      maskEmails('Email address is not verified. The following identities failed the check in region SA-EAST-1: fulano.silva@orgao.gov.br, <b@x.org>')
    ).toBe('Email address is not verified. The following identities failed the check in region SA-EAST-1: ***@orgao.gov.br, <***@x.org>');
  });
});
