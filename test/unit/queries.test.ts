import { describe, expect, it } from 'vitest';
import type { SqlReader, SqlRow } from '../../shared/data-api/sql-client';
import {
  ADMIN_EMAILS_MAX_CHARS,
  chooseFailureWindowAccess,
  choosePackageAccess,
  readAdminEmails,
  readFailedProcesses,
  readSendingFigures,
} from '../../shared/sei/queries';

/** A reader that answers every statement with the given rows, whatever the SQL asked for. */
const answering = (rows: SqlRow[]): SqlReader => ({ query: async () => rows });

describe('reading what the database answers, bounded in code too', () => {
  it('cuts the failure list at the limit even when the endpoint returns more rows than asked', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      pkg: i,
      pid: i,
      st: 'FI',
      att: 1,
      cur: 1,
      pkgs: 1,
      cur_n: 5000,
      exh_n: 0,
    }));
    const list = await readFailedProcesses(answering(rows), { maxAttempts: 15, backlog: false, limit: 50 });
    expect(list.processes).toHaveLength(50);
    expect(list.currentTotal).toBe(5000);
  });

  it('drops the last, maybe cut, address when SEI_EMAIL_ADMINISTRADOR was longer than what is read', async () => {
    const value = `${'a'.repeat(ADMIN_EMAILS_MAX_CHARS - 30)}@x.org;admin@orgao.gov.br;cut@orgao.go`;
    const read = await readAdminEmails(answering([{ admin_emails: value, admin_emails_chars: ADMIN_EMAILS_MAX_CHARS + 100 }]));
    expect(read?.endsWith('admin@orgao.gov.br')).toBe(true);
    expect(await readAdminEmails(answering([{ admin_emails: 'a@orgao.gov.br;b@orgao.gov.br', admin_emails_chars: 29 }]))).toBe(
      'a@orgao.gov.br;b@orgao.gov.br'
    );
  });

  it.each([
    ['PostgreSQL', 'permission denied for table md_pi_parametros', 'GRANT SELECT ON md_pi_parametros TO <usuario_somente_leitura>;'],
    [
      'MariaDB',
      "SELECT command denied to user 'sei_ro'@'10.0.0.5' for table `sei`.`md_pi_parametros`",
      "GRANT SELECT ON md_pi_parametros TO 'sei_ro'@'10.0.0.5';",
    ],
    [
      'MySQL 8',
      "SELECT command denied to user 'sei_ro'@'%' for table 'md_pi_parametros'",
      "GRANT SELECT ON md_pi_parametros TO 'sei_ro'@'%';",
    ],
  ])('a missing GRANT on %s names the table and the GRANT line', async (_engine, message, grant) => {
    const denied: SqlReader = {
      query: async () => {
        throw new Error(message);
      },
    };
    await expect(readSendingFigures(denied, 15)).rejects.toThrow(grant);
    await expect(readSendingFigures(denied, 15)).rejects.toMatchObject({ name: 'MissingGrantError' });
  });
});

describe('looking the recommended index up', () => {
  /** A reader that records the statements and answers as if the index were there. */
  function recording() {
    const statements: string[] = [];
    const reader: SqlReader = {
      query: async (sql) => {
        statements.push(sql);
        return [{ indexes: 1, window_floor: '2026-12-02 22:00:00', integrated_from: '2026-12-02 22:00:00' }];
      },
    };
    return { reader, statements };
  }
  const readsPackages = /FROM\s+md_pi_pacote_envio/i;

  it.each(['postgres', 'mysql'] as const)('for the stalled check reads catalog views only, not the package table (%s)', async (engine) => {
    // Without the index, a probe of the table, even in a branch not taken, made PostgreSQL compile
    // the lookup with JIT: 190 ms at 10 M packages for a catalog query.
    const { reader, statements } = recording();
    expect(await choosePackageAccess(reader, engine)).toEqual({ kind: 'index' });
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(readsPackages);
  });

  it.each(['postgres', 'mysql'] as const)(
    'for the failure check also reads the bounds of the window, in the same statement (%s)',
    async (engine) => {
      const { reader, statements } = recording();
      expect(await chooseFailureWindowAccess(reader, engine)).toEqual({
        kind: 'index',
        windowFloor: '2026-12-02 22:00:00',
        integratedFrom: '2026-12-02 22:00:00',
      });
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(readsPackages);
    }
  );
});
