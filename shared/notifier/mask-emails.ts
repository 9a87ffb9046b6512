/** What may stand in an unquoted local part: letters and digits of any script, marks, and RFC 5322's atext symbols. */
const LOCAL_CHAR = /[\p{L}\p{N}\p{M}._%+!#$&'*/=?^`{|}~-]/u;
/** What may stand in a domain: letters and digits of any script (IDN), marks, dots, hyphens. */
const DOMAIN_CHAR = /[\p{L}\p{N}\p{M}.-]/u;
/** A domain of two labels or more: `orgao.gov.br`, `órgão.gov.br`. */
const DOTTED_DOMAIN = /^[\p{L}\p{N}\p{M}-]+(\.[\p{L}\p{N}\p{M}-]+)+$/u;
/** A domain without a dot that is still a mailbox's: the local host. */
const SINGLE_LABEL_DOMAIN = /^localhost$/i;
/** A quoted local part is at most this long (RFC 5321: 64 octets); the backward search for its opening quote stops there. */
const MAX_QUOTED_LOCAL = 64;

/**
 * Masks every e-mail address in a text (SES errors name them:
 * "…failed the check in region …: fulano@orgao.gov.br"), keeping the domain:
 * `joão.silva@órgão.gov.br` → `***@órgão.gov.br`, `"fulano de tal"@orgao.gov.br`
 * → `***@orgao.gov.br`, `root@localhost` → `***@localhost`.
 *
 * An address needs a local part and a domain with a dot (or `localhost`), so
 * stack paths such as `node_modules/@aws-sdk/client-ses` are left alone.
 * Linear in the text's length: from each `@` the scan goes back at most to
 * the previous `@` (or 64 characters for a quoted local part) and forward to
 * the next character that cannot be in a domain.
 */
export function maskEmails(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const start = localPartStart(text, at, copied);
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text.charAt(end))) end++;
    // The domain ends at a letter or digit (not at the period that ends a sentence).
    while (end > at + 1 && !/[\p{L}\p{N}]/u.test(text.charAt(end - 1))) end--;
    const domain = text.slice(at + 1, end);
    if (start === at || !(DOTTED_DOMAIN.test(domain) || SINGLE_LABEL_DOMAIN.test(domain))) continue;
    out += `${text.slice(copied, start)}***@${domain}`;
    copied = end;
    at = end - 1;
  }
  return out + text.slice(copied);
}

/** Where the local part before the `@` at `at` starts (`at` itself when there is none), not before `floor`. */
function localPartStart(text: string, at: number, floor: number): number {
  if (text.charAt(at - 1) === '"') {
    const limit = Math.max(floor, at - 2 - MAX_QUOTED_LOCAL);
    for (let i = at - 2; i >= limit; i--) {
      const c = text.charAt(i);
      if (c === '\n') break;
      if (c === '"' && text.charAt(i - 1) !== '\\') return i;
    }
  }
  let start = at;
  while (start > floor && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
  return start;
}
