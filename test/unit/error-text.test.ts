import { describe, expect, it } from 'vitest';
import { extractErrorText, repairMojibake } from '../../shared/sei/error-text';

describe('lenient error extraction', () => {
  it('takes the Resultado of well-formed error XML', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><ResultadoDocumento><Protocolo>00001.000001/2026-01</Protocolo><Resultado>NF0012 - Interessado sem CPF</Resultado></ResultadoDocumento>';
    expect(extractErrorText(xml)).toBe('NF0012 - Interessado sem CPF');
  });

  it('survives malformed XML (unclosed Resultado)', () => {
    expect(extractErrorText('<ResultadoDocumento><Resultado>NF0003 - Assunto &lt;inválido&gt;')).toBe('NF0003 - Assunto <inválido>');
  });

  it('repairs latin1/UTF-8 mix-ups', () => {
    expect(extractErrorText('<Resultado>ResponsÃ¡vel nÃ£o informado</Resultado>')).toBe('Responsável não informado');
    expect(repairMojibake('Não mexe')).toBe('Não mexe');
  });

  it('reads text that is not XML at all, and CDATA', () => {
    expect(extractErrorText('Erro ao conectar: tempo esgotado')).toBe('Erro ao conectar: tempo esgotado');
    expect(extractErrorText('<Resultado><![CDATA[SF001 - <fault>Server</fault>]]></Resultado>')).toBe('SF001 - Server');
  });

  it('drops tags so HTML from the web service cannot reach the mail as markup', () => {
    const text = extractErrorText('<Resultado><script>alert(1)</script><b>NF0001</b></Resultado>');
    expect(text).toBe('alert(1) NF0001');
  });

  it('cuts very long texts and handles empty values', () => {
    expect(extractErrorText(`<Resultado>${'x'.repeat(10_000)}</Resultado>`)?.length).toBe(500);
    expect(extractErrorText(null)).toBeUndefined();
    expect(extractErrorText('<Resultado>   </Resultado>')).toBeUndefined();
  });

  it('never throws on odd input', () => {
    for (const raw of ['<', '<Resultado', '&#xFFFFFFFF;', '\u0000\u0001', '<![CDATA[', '&#0;']) {
      expect(() => extractErrorText(raw)).not.toThrow();
    }
  });
});
