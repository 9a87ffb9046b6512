/**
 * Failures of the CLI's AWS paths (network, TLS, refused credentials, SES
 * refusals) told to an SEI administrator in Portuguese, with the fix and
 * without a stack trace.
 */

/** A problem reaching or using AWS, explained to the operator (pt-BR). */
export class AwsAccessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsAccessError';
  }
}

/** What a thrown value says about itself, through its causes (a scrubbed copy keeps name and message only). */
interface Clue {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly host?: string;
}

const DNS = ['ENOTFOUND', 'EAI_AGAIN'];
const TIMEOUT = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout'];
const CONNECTION = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED'];
/** Node's codes for a certificate that is not a public authority's: what an intercepting proxy presents. */
const TLS = [
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
];
/** Error names of AWS for credentials it does not accept (Data API and STS-style, then SES Query-style). */
const REFUSED_CREDENTIALS = [
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'IncompleteSignature',
];
/** Node's messages when the error code itself was lost (a scrubbed copy keeps the message only). */
const TLS_MESSAGES: readonly [RegExp, string][] = [
  [/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  [/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
];

/** The error and its causes, each with its code (or the one its message names) and host. */
function cluesOf(error: unknown): Clue[] {
  const clues: Clue[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; hostname?: unknown; cause?: unknown };
    const message = typeof e.message === 'string' ? e.message : '';
    const host =
      (typeof e.hostname === 'string' && e.hostname) ||
      /\b(?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/.exec(message)?.[1] ||
      /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH) ([\w.:-]+)/.exec(message)?.[1] ||
      undefined;
    const code =
      (typeof e.code === 'string' && e.code) ||
      [...DNS, ...CONNECTION, 'ETIMEDOUT'].find((c) => new RegExp(`\\b${c}\\b`).test(message)) ||
      TLS_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ||
      '';
    clues.push({ name: typeof e.name === 'string' ? e.name : '', code, message, ...(host ? { host } : {}) });
    current = e.cause;
  }
  return clues;
}

/** "serviço <name> (<host>)": the AWS service a host name belongs to; `fallback` (a name) when the host says nothing. */
function serviceOf(host: string | undefined, fallback: string): string {
  const name =
    (host && /^email[.-]/.test(host) && 'Amazon SES') ||
    (host && /^rds-data[.-]/.test(host) && 'RDS Data API') ||
    (host && /^(portal\.sso|oidc)[.-]/.test(host) && 'de login da AWS (IAM Identity Center)') ||
    (host && /^sts[.-]/.test(host) && 'AWS STS') ||
    fallback;
  return `serviço ${name}${host ? ` (${host})` : ''}`;
}

/** The proxy variables set in the environment, by name. */
function proxyVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'].filter((name) => env[name]);
}

const RUN_ELSEWHERE = 'rode o comando numa rede com saída direta para a AWS (por exemplo, no AWS CloudShell)';

/** What to do when the network does not reach AWS directly (pt-BR). */
function proxyAdvice(env: Readonly<Record<string, string | undefined>>): string {
  const proxies = proxyVariables(env);
  return proxies.length > 0
    ? `Há um proxy configurado (${proxies.join(', ')}), mas o SDK da AWS não passa por ele: ${RUN_ELSEWHERE}.`
    : `Se a rede do órgão só sai para a internet por um proxy, ${RUN_ELSEWHERE}: o SDK da AWS não usa proxy.`;
}

/**
 * The failure explained when it is one the operator can fix: no DNS or no
 * network, a timeout, a refused or reset connection, a certificate from an
 * intercepting proxy, credentials AWS refuses, a mail SES refuses. Else
 * `undefined`.
 *
 * @param error what the SDK (or a handler) threw
 * @param service the name of the service called, for when the error names no host (e.g. "RDS Data API")
 * @param env the environment, for the proxy variables
 */
export function explainAwsFailure(
  error: unknown,
  service: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): AwsAccessError | undefined {
  const clues = cluesOf(error);
  const host = clues.find((c) => c.host)?.host;
  const where = serviceOf(host, service);
  const has = (codes: readonly string[]) => clues.find((c) => codes.includes(c.code) || codes.includes(c.name));
  const explain = (message: string) => new AwsAccessError(message, { cause: error });

  const tls = has(TLS);
  if (tls) {
    return explain(
      `A conexão com o ${where} apresentou um certificado que não é de uma autoridade reconhecida (${tls.code || tls.name}): a rede intercepta o HTTPS (proxy ou filtro corporativo). Peça à equipe de rede o certificado da autoridade (AC) do proxy e aponte a variável NODE_EXTRA_CA_CERTS para o arquivo .pem, ou ${RUN_ELSEWHERE}.`
    );
  }
  const dns = has(DNS);
  if (dns) {
    return explain(
      `Sem acesso ao ${where}: o endereço não foi encontrado no DNS (${dns.code}). Esta máquina parece estar sem internet ou sem DNS para os endereços da AWS. ${proxyAdvice(env)}`
    );
  }
  // Before the timeout: the SDK names a reset connection a TimeoutError too (to retry it).
  const connection = has(CONNECTION);
  if (connection) {
    return explain(
      `A conexão com o ${where} foi recusada ou interrompida (${connection.code}): a rede pode estar bloqueando o acesso direto à AWS. ${proxyAdvice(env)}`
    );
  }
  const timeout = has(TIMEOUT) ?? clues.find((c) => /\btimed out\b/i.test(c.message));
  if (timeout) {
    return explain(
      `O ${where} não respondeu a tempo (${timeout.code || timeout.name}): a rede pode estar bloqueando o acesso direto à AWS, ou está lenta. ${proxyAdvice(env)}`
    );
  }
  const refused = has(REFUSED_CREDENTIALS);
  if (refused) {
    const expired = /Expired/i.test(refused.name) || /expired/i.test(refused.message);
    return explain(
      `A AWS recusou as suas credenciais ao chamar o ${where} (${refused.name}${expired ? ': credenciais expiradas' : ''}). Renove-as ("aws sso login", se usar o IAM Identity Center, ou novas chaves de acesso) e confira AWS_PROFILE ou AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.${refused.message ? ` (AWS: ${refused.message})` : ''}`
    );
  }
  const rejected = clues.find((c) => c.name === 'MessageRejected' || c.name === 'MailFromDomainNotVerifiedException');
  if (rejected) {
    return explain(
      `O Amazon SES recusou o e-mail (${rejected.name}): o remetente (--from) precisa ser uma identidade verificada no SES desta região e, enquanto a conta estiver no sandbox do SES, os destinatários também. Confira com: aws ses list-identities --region <região>.${rejected.message ? ` (AWS: ${rejected.message})` : ''}`
    );
  }
  const sesDenied = clues.find((c) => /^AccessDenied/.test(c.name) && /\bses:/i.test(c.message));
  if (sesDenied) {
    return explain(
      `Acesso negado pelo Amazon SES: suas credenciais precisam de ses:SendRawEmail na identidade do remetente (--from). (AWS: ${sesDenied.message})`
    );
  }
  return undefined;
}
