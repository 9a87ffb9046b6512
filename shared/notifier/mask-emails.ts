const LOCAL_CHAR = /[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/**
 * Masks every e-mail address in a text (SES errors name them:
 * "…failed the check in region …: fulano@orgao.gov.br"), keeping the domain.
 * An address needs a local part and a domain with a dot, so stack paths such
 * as `node_modules/@aws-sdk/client-ses` are left alone. Linear in the text's
 * length: each character is read a bounded number of times, from the `@`s.
 */
export function maskEmails(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > copied && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text.charAt(end))) end++;
    // The domain ends at a letter or digit and has a dot between labels.
    while (end > at + 1 && !/[A-Za-z0-9]/.test(text.charAt(end - 1))) end--;
    const domain = text.slice(at + 1, end);
    if (start === at || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain)) continue;
    out += `${text.slice(copied, start)}***@${domain}`;
    copied = end;
    at = end - 1;
  }
  return out + text.slice(copied);
}
