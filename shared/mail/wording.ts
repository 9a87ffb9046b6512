import { describeDuration } from '../checks/run-progress';
import { formatLocalTimestamp } from '../sei/local-time';
import type { Block } from './document';

/** `3 processos` / `1 processo`. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** A stored local timestamp for the mail, or the given fallback. */
export function when(value: string | undefined, fallback = 'nunca'): string {
  return formatLocalTimestamp(value) ?? fallback;
}

/** Where administrators force a re-send in SEI, and how to find an older process there. */
export const FORCE_RESEND_HINT =
  'Use "Forçar Reenvio" em Administração > Protocolo Integrado > Monitoramento. Essa tela mostra por padrão só processos gerados nos últimos 3 dias e esconde os não enviados: para achar um processo mais antigo, apague a "Data de geração do processo" e pesquise pelo Nº Processo ou pela Situação (Falha Infra / Erro Negocial).';

/**
 * A paragraph that links the SEI (its `seiUrl`) and names the menu path to
 * a screen. SEI accepts no stable link to a screen: its controller
 * (`controlador.php?acao=md_pi_monitoramento` for the module's Monitoramento)
 * requires a link signed for the session (`SessaoSEI::assinarLink`, the
 * `infra_hash` parameter), so the home page and the path are what lasts.
 */
export function seiLink(url: string | undefined, screen: string, menuPath: string): Block | undefined {
  if (!url) return undefined;
  return { kind: 'paragraph', text: `Para abrir ${screen}: entre no SEI em ${url} e siga ${menuPath}.`, link: url };
}

/** Where the web-service address, user, password and `TentativasReenvio` live, by module version. */
export const MODULE_SETTINGS_PLACE =
  'sei/config/mod-protocolo-integrado/ConfiguracaoModProtocoloIntegrado.php no servidor do SEI (módulo 3.x; no módulo 2.x, a tela Administração > Protocolo Integrado > Parâmetros)';

/**
 * Where the error of a run that stopped is: the module throws before any
 * package is tried on refused credentials, an unreachable address, a bad
 * certificate or an unreadable WSDL, so no package row carries it.
 */
export const RUN_ERROR_PLACE = `Credenciais recusadas, endereço do web service inacessível, certificado inválido ou WSDL ilegível interrompem a execução antes de qualquer envio, sem marcar nenhum pacote: o erro fica em Infra > Log e no "E-mail de erro" da tarefa publicarProtocoloIntegrado (Infra > Agendamentos). Endereço, usuário e senha do web service ficam em ${MODULE_SETTINGS_PLACE}.`;

/**
 * A run with no normal end, in words true whether it is still going or was
 * interrupted (SEI records both alike).
 *
 * @param runningMinutes how long ago it started, when known.
 */
export function unfinishedRunNote(start: string | undefined, runningMinutes: number | undefined): string {
  const started = start ? ` (iniciada em ${when(start)})` : '';
  const how =
    runningMinutes === undefined
      ? 'não registrou um fim normal (md_pi_parametros.sin_executando_publicacao = S; essa marca não bloqueia novas execuções: nada no módulo a lê): está em andamento ou foi interrompida'
      : `não terminou: está em andamento há mais de ${describeDuration(runningMinutes)} ou foi interrompida`;
  return `A execução mais recente da publicação${started} ${how}. ${RUN_ERROR_PLACE}`;
}
