/**
 * The explanatory part of docs/benchmarks.md: what bounds each target, and
 * the recommendations, with the numbers of the run being reported.
 */
import { indexRows, ratios, type BenchReport, type CheckRatio, type IndexRow } from './report';
import { OPTIONAL_INDEXES } from './measure';

const f0 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '?' : n < 10 ? n.toFixed(1) : String(Math.round(n)));
const x = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '?' : `${n.toFixed(n < 10 ? 2 : 0)}×`);
const ENGINE = { postgres: 'PostgreSQL', mysql: 'MariaDB' } as Record<string, string>;

export function analysis(report: BenchReport): string {
  const all = report.engines.flatMap(ratios);
  if (all.length === 0) return '';
  const top = Math.max(...all.map((r) => r.rows));
  const at = (check: CheckRatio['check'], engine: string) => all.find((r) => r.check === check && r.engine === engine && r.rows === top);
  const engines = [...new Set(all.map((r) => r.engine))];
  const idx = report.engines.flatMap(indexRows).filter((r) => r.rows === top);
  const idxAt = (check: CheckRatio['check'], engine: string, index: IndexRow['index']) =>
    idx.find((r) => r.check === check && r.engine === engine && r.index === index);
  const rowsLabel = top.toLocaleString('en');
  const out: string[] = [];

  out.push('## What bounds each target');
  out.push('');
  out.push(`Figures below are the ${rowsLabel}-package medians of this run.`);
  out.push('');

  // 1. scan ratio
  out.push('**Ours vs. a bare pass (target ≤ 1.3×).** Without an index every check reads the whole table, but a pass is not the whole cost:');
  out.push('');
  for (const e of engines) {
    const fail = at('failed-processes', e);
    const stal = at('stalled-packages', e);
    if (!fail || !stal) continue;
    const s1 = fail.ours.statementMedianMs[0];
    const s2 = fail.ours.statementMedianMs[1];
    out.push(
      `- ${ENGINE[e]}: bare pass ${f0(fail.bare.medianMs)} ms` +
        (fail.bareColumns ? `, 4-column pass ${f0(fail.bareColumns.medianMs)} ms (${x(fail.bareColumns.medianMs / fail.bare.medianMs)})` : '') +
        `. Failure check ${f0(fail.ours.medianMs)} ms = figures statement ${f0(s1)} ms + list statement ${f0(s2)} ms` +
        ` (a night without failures stops after the first: ${x((s1 ?? NaN) / fail.bare.medianMs)} the bare pass). Stalled check ${f0(stal.ours.medianMs)} ms (${x(stal.scan)}).`
    );
  }
  out.push('');
  out.push(
    'Two things bound it. (1) The shipped whole-table statements (`LAST_CYCLE_SQL`, `SENDING_SQL` in shared/sei/queries.ts) evaluate `UPPER(TRIM(sta_integracao))` up to seven times per row inside CASE aggregates: that per-row CPU, not reading the table, is most of their time (on PostgreSQL `upper()` on a UTF-8 database is expensive). Grouping the raw rows first by the raw columns with only COUNT/MAX, then normalizing the status on the few thousand groups (local/bench/proposed.ts), returns identical figures for much less (PostgreSQL about half; MariaDB less, see the table above), still one pass. ' +
      '(2) The failure check\'s reporting path is two statements over an unindexed table, so two passes: it cannot come under ~2× a bare pass; only the quiet path (no failures, the usual night) can meet 1.3×. ' +
      'On MariaDB the bare `count(*)` is a lower floor than any real pass: InnoDB counts records without building rows, while any statement that reads a column pays for row conversion (the 4-column pass), and its per-row expression evaluation and GROUP BY temporary table cost more than PostgreSQL\'s, so there even the rewrite stays well above 1.3×.'
  );
  out.push('');

  // 2. original vs ours
  out.push('**Original vs. ours (target ≥ 2.5× at 1 M on both engines; stalled no slower).**');
  out.push('');
  for (const e of engines) {
    const fail = at('failed-processes', e);
    const stal = at('stalled-packages', e);
    if (!fail || !stal) continue;
    out.push(
      `- ${ENGINE[e]}: original failure pattern ${f0(fail.original.medianMs)} ms (${fail.original.statementMedianMs.map(f0).join(' + ')} ms) vs ours ${f0(fail.ours.medianMs)} ms → ${x(fail.time)}` +
        `. On a night without failures ours stops after its first statement (${f0(fail.ours.statementMedianMs[0])} ms → ${x(fail.original.medianMs / (fail.ours.statementMedianMs[0] ?? NaN))}` +
        `) while the original still makes its three passes. Stalled: original ${f0(stal.original.medianMs)} ms vs ours ${f0(stal.ours.medianMs)} ms → ${x(stal.time)}` +
        '.'
    );
  }
  out.push('');
  out.push(
    'The original\'s passes are cheap per row: `ORDER BY … LIMIT 1` is a top-N heap sort that keeps one row, and the FI/EN passes reject rows on two column comparisons before building anything (on PostgreSQL each costs about one bare pass; on MariaDB more, because InnoDB builds the full row, longtext included, before filtering). Its failure check is three such passes whatever the data; ours is one pass plus, when reporting, a second. So on the reporting path the ceiling is about 3 passes / 2 passes = 1.5× on PostgreSQL, higher on MariaDB, and 2.5× is out of reach without an index; on a quiet night the ceiling is about 3×, reachable only once our figures statement costs about one pass (the rewrite). ' +
      'The original stalled check is a single top-N pass reading one column; ours is a single pass that decides much more (tolerance and its source, waiting/retrying/exhausted packages, last success, last run end, publishing task state, run in progress), so "no slower" depends on making that aggregation as cheap as a pass. On PostgreSQL the rewrite gets close; on MariaDB ours must at least read the four columns it aggregates (the 4-column pass) where the original reads one, which bounds it above the original there.'
  );
  out.push('');

  // 3. bytes
  out.push('**Bytes (target ≥ 10× fewer on a cycle with ~1 % failures).**');
  out.push('');
  for (const e of engines) {
    const fail = at('failed-processes', e);
    if (!fail) continue;
    const seed = report.engines.find((r) => r.engine === e && r.rows === top)?.seed;
    out.push(
      `- ${ENGINE[e]}: ${seed ? `${seed.lastCycleFailures} failed packages in the newest cycle; ` : ''}original ${f0(fail.original.bytes / 1024)} KiB, ours ${f0(fail.ours.bytes / 1024)} KiB → ${x(fail.bytes)}; counting the column values alone ${x(fail.rawBytes)}` +
        '.'
    );
  }
  out.push('');
  out.push(
    'What we return is small (figures, then per failed package its number, status, attempts, date and ≤ 1000 characters of the error); what dominates our responses is the Data API envelope: typed field unions (`{"longValue":…}`) and, with `includeResultMetadata: true`, ~250 bytes of column metadata per column per response (11 + 7 columns). ' +
      'The ratio grows with the number of failed packages and the metadata size (each failed package costs the original its whole `arquivo_metadados`), so it is lowest on small tables (few failures in a cycle) and with small metadata. Asking the Data API for `formatRecordsAs: "JSON"` without result metadata (rows as objects keyed by label; the row readers already coerce strings/numbers) removes most of the envelope.'
  );
  out.push('');

  // 4. index
  out.push('**The optional index (target: failure check in milliseconds, ≥ 100× faster).**');
  out.push('');
  for (const e of engines) {
    const c = idxAt('failed-processes', e, 'cycle');
    const v = idxAt('failed-processes', e, 'covering');
    const parts: string[] = [];
    if (c) {
      parts.push(
        `index on \`dth_agendamento_executado\`: ours ${f0(c.withIndex.medianMs)} ms (${c.withIndex.statementMedianMs.map(f0).join(' + ')}) vs ${f0(c.withoutIndex.medianMs)} ms → ${x(c.speedup)}` +
          (c.newestCycleOnly ? `; a statement reading only the newest cycle answers in ${f0(c.newestCycleOnly.medianMs)} ms (${x(c.withoutIndex.medianMs / c.newestCycleOnly.medianMs)} faster than ours without index)` : '') +
          (c.originalWithIndex ? `; the original failure pattern drops to ${f0(c.originalWithIndex.medianMs)} ms` : '')
      );
    }
    if (v) {
      parts.push(
        `covering index: ours ${f0(v.withIndex.medianMs)} ms → ${x(v.speedup)}`
      );
    }
    if (parts.length) out.push(`- ${ENGINE[e]}: ${parts.join('; ')}.`);
  }
  out.push('');
  out.push(
    'The list statement becomes an index lookup (a few ms), but the figures statement aggregates every cycle (`exhausted_total` and `last_success` are whole-table facts), so no index lets it read only the newest cycle: with the shipped SQL the index cannot give milliseconds; that is the bound. ' +
      'Splitting the figures so that the failure check reads only the newest cycle (`WHERE dth_agendamento_executado = (SELECT MAX(dth_agendamento_executado) …)`) and taking the whole-table facts from the stalled check, which scans the table anyway, would let the single-column index answer in milliseconds — but without the index that form costs two passes instead of one, so it only makes sense together with the index (or with a check for the index\'s presence).'
  );
  out.push('');

  out.push('## Recommendation on the index (for the README)');
  out.push('');
  const cycleRows = idx.filter((r) => r.index === 'cycle' && r.check === 'failed-processes');
  const maxCreate = Math.max(0, ...report.engines.filter((r) => r.rows === top).flatMap((r) => r.indexes.filter((p) => p.index === 'cycle').map((p) => p.createMs)));
  const shippedGain = cycleRows.length > 0 && cycleRows.every((r) => r.speedup >= 10);
  out.push(
    (shippedGain
      ? `The single-column index speeds our failure check ${cycleRows.map((r) => `${x(r.speedup)} on ${ENGINE[r.engine]}`).join(' and ')} at ${rowsLabel} packages: worth recommending. `
      : `With the checks as shipped, **do not ask DBAs for an index**: with the single-column index our failure check takes ${cycleRows.map((r) => `${f0(r.withIndex.medianMs)} ms instead of ${f0(r.withoutIndex.medianMs)} ms on ${ENGINE[r.engine]} (${x(r.speedup)})`).join(' and ')} at ${rowsLabel} packages — only its list statement benefits — and the stalled check does not use it. `) +
      'It becomes worth recommending if the failure check is changed to read only the newest cycle (above); then the statement for a DBA is the one below. ' +
      `It is cheap to keep (the publishing job updates \`dth_agendamento_executado\` once per package per night; built in ${f0(maxCreate / 1000)} s here at ${rowsLabel} rows, ANALYZE included), and it also turns the original module's failure check into index reads.`
  );
  out.push('');
  out.push('```sql');
  const { name, columns } = OPTIONAL_INDEXES.cycle;
  out.push('-- MySQL / MariaDB (online, no table lock)');
  out.push(`CREATE INDEX ${name} ON md_pi_pacote_envio (${columns}) ALGORITHM=INPLACE LOCK=NONE;`);
  out.push('-- PostgreSQL (without blocking writes; run outside a transaction)');
  out.push(`CREATE INDEX CONCURRENTLY ${name} ON md_pi_pacote_envio (${columns});`);
  out.push('```');
  out.push('');
  out.push(
    `The covering index (\`${OPTIONAL_INDEXES.covering.columns}\`) helps the whole-table figures only through index-only scans (PostgreSQL needs a recent VACUUM for that; here the table was just vacuumed, which flatters it) and costs four columns per package: not recommended.`
  );
  out.push('');

  // 5. bundles
  if (report.bundles.length) {
    out.push('## Bundles and cold start');
    out.push('');
    out.push(
      `Both bundles are ${report.bundles.map((b) => `${f0(b.bytes / 1024)} KiB`).join(' / ')} (the AWS SDK clients are ${report.bundles.map((b) => `${f0(b.sdkBytes / 1024)} KiB`).join(' / ')} of that). ` +
        `Module init medians: ${report.bundles.map((b) => `${b.fn} ${b.initMs.toFixed(1)} ms`).join(', ')} on a machine whose load average went from ${report.machine.loadStart[0]} to ${report.machine.loadEnd?.[0] ?? '?'} during the run (2 cores shared with other jobs; the same import takes noticeably less on an idle machine). ` +
        'Init is bounded by compiling ~530 KB of JavaScript and by Node 22\'s ESM facade for `node:http`: the SDK\'s ESM build imports `node:http`/`node:https` with `import`, and creating the facade reads every export, which loads undici (~20 ms measured here with an empty module importing `node:http`; ~3 ms with `require`). ' +
        (report.bundles.some((b) => b.initMsCjsBuiltins !== undefined)
          ? `Serving those two built-ins through \`require\` (an esbuild plugin, local/bench/bundles.ts \`cjsBuiltinsPlugin\`) measured ${report.bundles.map((b) => `${b.fn} ${b.initMsCjsBuiltins?.toFixed(1)} ms`).join(', ')} in the same run. `
          : '') +
        'Source maps enabled or not makes no measurable difference at import.'
    );
    out.push('');
  }
  return out.join('\n');
}
