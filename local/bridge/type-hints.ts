/**
 * Data API `typeHint` checks. The service documents the accepted string
 * formats (API_SqlParameter): DATE `YYYY-MM-DD`, TIME `HH:MM:SS[.FFF]`,
 * TIMESTAMP `YYYY-MM-DD HH:MM:SS[.FFF]`, with no zone designator.
 */
import { databaseError } from './errors';
import type { BoundParameter } from './types';

/** Validates typeHint strings the way the service documents them (no zone designator). */
const HINT_FORMATS: Partial<Record<NonNullable<BoundParameter['typeHint']>, RegExp>> = {
  TIMESTAMP: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  TIME: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
};

/** Checks a typeHint string against its documented format (TIMESTAMP, DATE, TIME). */
export function checkTypeHint(param: BoundParameter): void {
  if (!param.typeHint) return;
  const format = HINT_FORMATS[param.typeHint];
  if (format && param.value.kind === 'string' && !format.test(param.value.value)) {
    throw databaseError(
      `Parameter :${param.name} with typeHint ${param.typeHint} has an invalid value '${param.value.value}'` +
        ` (expected ${param.typeHint === 'TIMESTAMP' ? 'YYYY-MM-DD HH:MM:SS[.FFF]' : param.typeHint === 'DATE' ? 'YYYY-MM-DD' : 'HH:MM:SS[.FFF]'}).`
    );
  }
}
