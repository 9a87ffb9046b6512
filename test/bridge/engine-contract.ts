/**
 * The same behaviour checked on every engine behind the bridge (PGlite,
 * PostgreSQL server, MariaDB server), always through the real
 * `@aws-sdk/client-rds-data` client.
 */
import { type ColumnMetadata, DatabaseErrorException, type Field, type RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataApiBridge, type SqlExecutor, startDataApiBridge } from '../../local/bridge';
import { dataApiClient, execute, rejection } from './client';

export interface EngineUnderTest {
  readonly name: string;
  readonly dialect: 'postgres' | 'mysql';
  /** Opens an empty database (its own, so files can run in parallel). */
  open(): Promise<{ executor: SqlExecutor; close(): Promise<void> }>;
}

const DDL = {
  postgres: `create table kinds (
      id integer primary key,
      big bigint not null,
      txt varchar(100),
      ch char(2) not null,
      ts timestamp,
      ts_ms timestamp(3),
      d date,
      amount numeric(10,2),
      ratio double precision,
      flag boolean,
      nothing text,
      bin bytea)`,
  mysql: `create table kinds (
      id int primary key,
      big bigint not null,
      txt varchar(100),
      ch char(2) not null,
      ts datetime,
      ts_ms datetime(3),
      d date,
      amount decimal(10,2),
      ratio double,
      flag boolean,
      nothing text,
      bin varbinary(16))`,
};

const INSERT = {
  postgres: `insert into kinds values
      (1, 5000000000, 'olá, ''mundo''', 'I', '2024-03-10 02:30:00', '2024-01-02 03:04:05.120', '2024-02-29', 1234.50, 0.25, true, null, '\\x00ff10'),
      (2, -7, null, 'PE', '2023-12-31 23:59:59', null, null, -0.01, null, false, null, null)`,
  mysql: `insert into kinds values
      (1, 5000000000, 'olá, ''mundo''', 'I', '2024-03-10 02:30:00', '2024-01-02 03:04:05.120', '2024-02-29', 1234.50, 0.25, true, null, X'00ff10'),
      (2, -7, null, 'PE', '2023-12-31 23:59:59', null, null, -0.01, null, false, null, null)`,
};

const SERIES = {
  postgres: (rows: number, width: number) => `select repeat('x', ${width}) as filler from generate_series(1, ${rows})`,
  // Cross join of digits (MariaDB caps recursive CTEs at 1000 iterations by default).
  mysql: (rows: number, width: number) =>
    `with d(n) as (select 0 union all select 1 union all select 2 union all select 3 union all select 4
                   union all select 5 union all select 6 union all select 7 union all select 8 union all select 9)
     select repeat('x', ${width}) as filler from d a, d b, d c, d e limit ${rows}`,
};

export function defineEngineContract(engine: EngineUnderTest): void {
  describe(`Data API bridge on ${engine.name}`, () => {
    let bridge: DataApiBridge;
    let client: RDSDataClient;
    let close: () => Promise<void>;
    const pg = engine.dialect === 'postgres';

    beforeAll(async () => {
      const opened = await engine.open();
      close = opened.close;
      await opened.executor.execute(DDL[engine.dialect], []);
      await opened.executor.execute(INSERT[engine.dialect], []);
      bridge = await startDataApiBridge({ executor: opened.executor });
      client = dataApiClient(bridge.url);
    });

    afterAll(async () => {
      client?.destroy();
      await bridge?.close();
      await close?.();
    });

    it('returns every value kind as the Data API does (no time-zone conversion, char padding, decimals as strings)', async () => {
      const out = await execute(client, 'select id, big, txt, ch, ts, ts_ms, d, amount, ratio, flag, nothing, bin from kinds order by id');
      const [first, second] = out.records ?? [];
      expect(first).toEqual<Field[]>([
        { longValue: 1 },
        { longValue: 5000000000 },
        { stringValue: "olá, 'mundo'" },
        { stringValue: pg ? 'I ' : 'I' }, // PostgreSQL pads char(2); MySQL strips trailing spaces
        { stringValue: '2024-03-10 02:30:00' },
        { stringValue: '2024-01-02 03:04:05.120' },
        { stringValue: '2024-02-29' },
        { stringValue: '1234.50' },
        { doubleValue: 0.25 },
        pg ? { booleanValue: true } : { longValue: 1 }, // MySQL BOOLEAN is TINYINT(1)
        { isNull: true },
        { blobValue: new Uint8Array([0x00, 0xff, 0x10]) },
      ]);
      expect(second?.slice(0, 8)).toEqual<Field[]>([
        { longValue: 2 },
        { longValue: -7 },
        { isNull: true },
        { stringValue: 'PE' },
        { stringValue: '2023-12-31 23:59:59' },
        { isNull: true },
        { isNull: true },
        { stringValue: '-0.01' },
      ]);
      expect(out.numberOfRecordsUpdated).toBe(0);
      expect(out.columnMetadata).toBeUndefined();
    });

    it('describes columns when includeResultMetadata is set', async () => {
      const out = await execute(
        client,
        'select id, big as big_label, ch, ts, amount from kinds where id = 1',
        {},
        { includeResultMetadata: true }
      );
      const meta = out.columnMetadata ?? [];
      const pick = (c: ColumnMetadata) => ({ name: c.name, label: c.label, typeName: c.typeName, type: c.type });
      expect(meta.map(pick)).toEqual(
        pg
          ? [
              { name: 'id', label: 'id', typeName: 'int4', type: 4 },
              { name: 'big_label', label: 'big_label', typeName: 'int8', type: -5 },
              { name: 'ch', label: 'ch', typeName: 'bpchar', type: 1 },
              { name: 'ts', label: 'ts', typeName: 'timestamp', type: 93 },
              { name: 'amount', label: 'amount', typeName: 'numeric', type: 2 },
            ]
          : [
              { name: 'id', label: 'id', typeName: 'INT', type: 4 },
              { name: 'big', label: 'big_label', typeName: 'BIGINT', type: -5 },
              { name: 'ch', label: 'ch', typeName: 'CHAR', type: 1 },
              { name: 'ts', label: 'ts', typeName: 'DATETIME', type: 93 },
              { name: 'amount', label: 'amount', typeName: 'DECIMAL', type: 3 },
            ]
      );
      for (const c of meta) expect([0, 1, 2]).toContain(c.nullable);
      if (engine.name !== 'PGlite') {
        // Servers report real nullability: id is a primary key, ts is nullable.
        expect(meta[0]?.nullable).toBe(0);
        expect(meta[3]?.nullable).toBe(1);
      }
    });

    it('binds named parameters, skipping string literals, comments and ::casts', async () => {
      const cast = pg ? '::text' : '';
      const out = await execute(
        client,
        `select ':x' as literal, :label${cast} as label, id -- :ignored in a comment
           from kinds /* :also_ignored */
          where id = :id or (txt = :txt and :id > 0)
          order by id`,
        { id: { longValue: 2 }, txt: { stringValue: "olá, 'mundo'" }, label: { stringValue: 'ok: yes' } }
      );
      expect(out.records).toEqual([
        [{ stringValue: ':x' }, { stringValue: 'ok: yes' }, { longValue: 1 }],
        [{ stringValue: ':x' }, { stringValue: 'ok: yes' }, { longValue: 2 }],
      ]);
    });

    it('passes typeHint values through (TIMESTAMP, DATE, DECIMAL) and NULL / boolean / blob parameters', async () => {
      const out = await execute(
        client,
        `select id from kinds
          where ts >= :since and d = :day and amount = :amount and nothing is null
            and cast(:missing as char(1)) is null and bin = :bin and flag = :flag`,
        {
          since: { value: { stringValue: '2024-03-10 02:30:00' }, typeHint: 'TIMESTAMP' },
          day: { value: { stringValue: '2024-02-29' }, typeHint: 'DATE' },
          amount: { value: { stringValue: '1234.50' }, typeHint: 'DECIMAL' },
          missing: { isNull: true },
          bin: { blobValue: new Uint8Array([0x00, 0xff, 0x10]) },
          flag: { booleanValue: true },
        }
      );
      expect(out.records).toEqual([[{ longValue: 1 }]]);
    });

    it('rejects a placeholder with no parameter as DatabaseErrorException', async () => {
      const err = await rejection(execute(client, 'select id from kinds where id = :nope'));
      expect(err).toBeInstanceOf(DatabaseErrorException);
      expect(err.message).toContain(':nope');
      expect(err.$metadata?.httpStatusCode).toBe(400);
    });

    it('reports SQL errors as DatabaseErrorException with the database message', async () => {
      const err = await rejection(execute(client, 'select no_such_column from kinds'));
      expect(err).toBeInstanceOf(DatabaseErrorException);
      expect(err.name).toBe('DatabaseErrorException');
      expect(err.message).toMatch(/no_such_column/);
      if (pg) expect(err.message).toMatch(/^ERROR: .*; SQLState: 42703$/);
    });

    if (pg) {
      it('types untyped string parameters as varchar, so a missing typeHint fails as on AWS', async () => {
        const err = await rejection(
          execute(client, 'select id from kinds where ts >= :since', { since: { stringValue: '2024-01-01 00:00:00' } })
        );
        expect(err).toBeInstanceOf(DatabaseErrorException);
        expect(err.message).toMatch(/timestamp without time zone >= character varying/);
      });
    }

    it('rejects a TIMESTAMP typeHint value that is not YYYY-MM-DD HH:MM:SS[.FFF]', async () => {
      const err = await rejection(
        execute(client, 'select id from kinds where ts >= :since', {
          since: { value: { stringValue: '2024-01-01T00:00:00Z' }, typeHint: 'TIMESTAMP' },
        })
      );
      expect(err).toBeInstanceOf(DatabaseErrorException);
    });

    it('returns numberOfRecordsUpdated for INSERT, UPDATE and DELETE', async () => {
      const inserted = await execute(client, `insert into kinds (id, big, ch, txt) values (:id, :big, :ch, :txt)`, {
        id: { longValue: 10 },
        big: { longValue: 1 },
        ch: { stringValue: 'X' },
        txt: { stringValue: 'novo' },
      });
      expect(inserted.numberOfRecordsUpdated).toBe(1);
      expect(inserted.records).toBeUndefined();
      const updated = await execute(client, `update kinds set txt = :txt where id >= :id`, {
        txt: { stringValue: 'alterado' },
        id: { longValue: 2 },
      });
      expect(updated.numberOfRecordsUpdated).toBe(2);
      const deleted = await execute(client, `delete from kinds where id = :id`, { id: { longValue: 10 } });
      expect(deleted.numberOfRecordsUpdated).toBe(1);
      const check = await execute(client, 'select count(*) from kinds');
      expect(check.records).toEqual([[{ longValue: 2 }]]);
    });

    it('formats records as a JSON string with formatRecordsAs JSON', async () => {
      const out = await execute(
        client,
        'select id, big, ch, ts, amount, nothing, ratio from kinds order by id',
        {},
        { formatRecordsAs: 'JSON' }
      );
      expect(out.records).toBeUndefined();
      expect(typeof out.formattedRecords).toBe('string');
      expect(JSON.parse(out.formattedRecords ?? 'null')).toEqual([
        { id: 1, big: 5000000000, ch: pg ? 'I ' : 'I', ts: '2024-03-10 02:30:00', amount: '1234.50', nothing: null, ratio: 0.25 },
        { id: 2, big: -7, ch: 'PE', ts: '2023-12-31 23:59:59', amount: '-0.01', nothing: null, ratio: null },
      ]);
    });

    it('answers a result over 1 MiB with the service error "Database returned more than the allowed response size limit"', async () => {
      const small = await execute(client, SERIES[engine.dialect](500, 1000));
      expect(small.records).toHaveLength(500);
      const err = await rejection(execute(client, SERIES[engine.dialect](1200, 1000)));
      expect(err).toBeInstanceOf(DatabaseErrorException);
      expect(err.message).toBe('Database returned more than the allowed response size limit');
    });

    it('rejects a row over 64 KB ("Packet for query is too large")', async () => {
      const ok = await execute(client, `select repeat('y', 60000) as big_text`);
      expect(ok.records?.[0]?.[0]?.stringValue).toHaveLength(60000);
      const err = await rejection(execute(client, `select repeat('y', 70000) as big_text`));
      expect(err).toBeInstanceOf(DatabaseErrorException);
      expect(err.message).toMatch(/^Packet for query is too large/);
    });
  });
}
