/** Pure parts of the bridge: named-parameter scanning and date/time rendering. */
import { describe, expect, it } from 'vitest';
import type { BoundParameter } from '../../local/bridge';
import { findNamedPlaceholders, toPositional } from '../../local/bridge/named-parameters';
import { renderPostgresPlaceholder } from '../../local/bridge/postgres-values';
import { normalizeTime, normalizeTimestamp } from '../../local/bridge/temporal';

const s = (name: string, value: string): BoundParameter => ({ name, value: { kind: 'string', value } });
const names = (sql: string, dialect: 'postgres' | 'mysql' = 'postgres') => findNamedPlaceholders(sql, dialect).map((t) => t.name);

describe('named placeholders', () => {
  it('finds :name outside literals, identifiers, comments and casts', () => {
    expect(names(`select :a, ':b', 'it''s :c', "col:d", x::text, :e::int -- :f\n, /* :g /* :h */ */ :i`)).toEqual(['a', 'e', 'i']);
    expect(names(`select $$ :a $$, $tag$ :b $tag$, E'\\' :c', :d`)).toEqual(['d']);
    expect(names("select `c:a`, \"str :b\", 'x\\' :c', :d # :e\n, :f", 'mysql')).toEqual(['d', 'f']);
    expect(names('select a[1:2], :x')).toEqual(['x']);
  });

  it('numbers PostgreSQL placeholders once per name, with the JDBC-like type', () => {
    const out = toPositional(
      'select :a, :b, :a',
      [s('a', 'x'), { name: 'b', value: { kind: 'long', value: 1 } }],
      'postgres',
      renderPostgresPlaceholder
    );
    expect(out.sql).toBe('select $1::varchar, $2::int8, $1::varchar');
    expect(out.params.map((p) => p.name)).toEqual(['a', 'b']);
    const hinted = toPositional(
      'select :t',
      [{ name: 't', value: { kind: 'string', value: '2024-01-01 00:00:00' }, typeHint: 'TIMESTAMP' }],
      'postgres',
      renderPostgresPlaceholder
    );
    expect(hinted.sql).toBe('select $1::timestamp');
  });

  it('uses one ? per occurrence for MySQL and records their offsets', () => {
    const out = toPositional("select :a, '?', :a", [s('a', 'x')], 'mysql');
    expect(out.sql).toBe("select ?, '?', ?");
    expect(out.params).toHaveLength(2);
    expect(out.placeholderOffsets).toEqual([7, 15]);
  });

  it('leaves SQL without placeholders untouched and rejects unknown names', () => {
    expect(toPositional("select '::' || 1", [s('unused', 'x')], 'postgres').sql).toBe("select '::' || 1");
    expect(() => toPositional('select :missing', [], 'mysql')).toThrow(/:missing/);
  });
});

describe('date/time rendering', () => {
  it('keeps zone-less values as they are, with fractions only when non-zero', () => {
    expect(normalizeTimestamp('2024-03-10 02:30:00')).toBe('2024-03-10 02:30:00');
    expect(normalizeTimestamp('2024-03-10 02:30:00.000000')).toBe('2024-03-10 02:30:00');
    expect(normalizeTimestamp('2024-03-10 02:30:00.12')).toBe('2024-03-10 02:30:00.120');
    expect(normalizeTimestamp('2024-03-10 02:30:00.123456')).toBe('2024-03-10 02:30:00.123456');
    expect(normalizeTimestamp('infinity')).toBe('infinity');
    expect(normalizeTime('23:59:59.5')).toBe('23:59:59.500');
  });

  it('shifts zone-aware values to UTC and drops the offset', () => {
    expect(normalizeTimestamp('2024-01-01 22:30:00-03')).toBe('2024-01-02 01:30:00');
    expect(normalizeTimestamp('2024-01-01 00:30:00.5+05:30')).toBe('2023-12-31 19:00:00.500');
    expect(normalizeTime('23:00:00-03')).toBe('02:00:00');
  });
});
