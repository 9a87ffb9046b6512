/**
 * The app's own context keys, beside the notifier's: under which stack name
 * it is deployed and with which tags, so several copies (homologação and
 * produção, or several SEI instances) live side by side in one account.
 */
import type { Construct } from 'constructs';
import type { ConfigProblem } from './config';

/** Name (and construct id) of the stack when `stackName` is not given. */
export const DEFAULT_STACK_NAME = 'SeiPiNotifier';

/** The app's own context keys, with an example each (as typed after `-c key=`). */
export const APP_CONTEXT_EXAMPLES = {
  stackName: 'SeiPiNotifier-Homologacao',
  tags: 'Ambiente=homologacao;Sistema=SEI',
} as const;

/** The app's own context keys. */
export const APP_CONTEXT_KEYS = Object.keys(APP_CONTEXT_EXAMPLES) as ReadonlyArray<keyof typeof APP_CONTEXT_EXAMPLES>;

/** What the app reads from the context for itself. */
export interface AppContext {
  readonly stackName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** CloudFormation stack names: a letter, then letters, digits or hyphens (max 128). */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** Tag keys and values AWS accepts (keys up to 128, values up to 256; `aws:` is reserved). */
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u;

/** `Ambiente=producao;Orgao=MGI`, a JSON object string, or an object from cdk.context.json. */
function tagsOf(raw: unknown): Record<string, string> | string {
  if (raw === undefined || raw === '') return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim().startsWith('{')) {
      try {
        value = JSON.parse(raw);
      } catch {
        return 'JSON inválido';
      }
    } else {
      value = Object.fromEntries(
        raw
          .split(';')
          .filter((pair) => pair.trim() !== '')
          .map((pair) => {
            const at = pair.indexOf('=');
            return at < 0 ? [pair.trim(), undefined] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
          })
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'esperado chave=valor;chave=valor ou um objeto JSON';
  const tags: Record<string, string> = {};
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string') return `a tag "${key}" não tem valor (use chave=valor)`;
    if (!TAG_KEY.test(key)) return `chave de tag "${key}" inválida (até 128 caracteres; não pode começar com aws:)`;
    if (!TAG_VALUE.test(tagValue)) return `valor da tag "${key}" inválido (até 256 caracteres)`;
    tags[key] = tagValue;
  }
  return tags;
}

/**
 * Reads `stackName` (default {@link DEFAULT_STACK_NAME}) and `tags` from the
 * context; problems are returned, to be reported with the notifier's own.
 */
export function readAppContext(scope: Construct): { context: AppContext; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const rawName = scope.node.tryGetContext('stackName');
  const stackName = typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim() : DEFAULT_STACK_NAME;
  if (!STACK_NAME.test(stackName)) {
    problems.push({
      key: 'stackName',
      message: 'deve começar com letra e ter só letras, dígitos ou hífens (até 128)',
      example: APP_CONTEXT_EXAMPLES.stackName,
    });
  }
  const tags = tagsOf(scope.node.tryGetContext('tags'));
  if (typeof tags === 'string') problems.push({ key: 'tags', message: tags, example: APP_CONTEXT_EXAMPLES.tags });
  return { context: { stackName, tags: typeof tags === 'string' ? {} : tags }, problems };
}
