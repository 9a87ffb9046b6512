import { formatLocalTimestamp } from '../sei/local-time';

/** `3 processos` / `1 processo`. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** A stored local timestamp for the mail, or the given fallback. */
export function when(value: string | undefined, fallback = 'nunca'): string {
  return formatLocalTimestamp(value) ?? fallback;
}

/** Where administrators force a re-send in SEI. */
export const FORCE_RESEND_HINT =
  'Use "Forçar Reenvio" em Administração > Protocolo Integrado > Monitoramento.';
