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
export const FORCE_RESEND_HINT = 'Use "Forçar Reenvio" em Administração > Protocolo Integrado > Monitoramento.';

/** Where the web-service address, user, password and `TentativasReenvio` live, by module version. */
export const MODULE_SETTINGS_PLACE =
  'sei/config/mod-protocolo-integrado/ConfiguracaoModProtocoloIntegrado.php no servidor do SEI (módulo 3.x; no módulo 2.x, a tela Administração > Protocolo Integrado > Parâmetros)';

/** What `sin_executando_publicacao = 'S'` means: only a normal end clears it; nothing in the module reads it. */
export const UNFINISHED_RUN_NOTE =
  'a última execução da publicação não terminou (md_pi_parametros.sin_executando_publicacao = S): está em andamento ou foi interrompida por um erro (credenciais recusadas, web service inacessível, erro do PHP ou do banco). Essa marca não bloqueia novas execuções; veja o erro em Infra > Agendamentos e no log do SEI.';
