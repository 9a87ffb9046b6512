/**
 * CloudWatch Logs Insights saved queries over the checks' logs, to answer
 * "por que não chegou e-mail?" without writing a query: every run and what it
 * decided and why, the failures, and the mails sent.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { CheckFunction } from './check-function';

/** The saved queries, by construct id: name suffix and query. */
export const SAVED_QUERIES = {
  Runs: {
    name: 'execucoes-e-decisoes',
    query: [
      'fields @timestamp, summary.check as verificacao, summary.mode as modo, summary.decision as decisao, summary.reason as motivo, summary.recipients as destinatarios, summary.dataApiCalls as chamadas',
      'filter message = "Check finished"',
      'sort @timestamp desc',
      'limit 200',
    ].join('\n| '),
  },
  Failures: {
    name: 'falhas',
    query: [
      'fields @timestamp, check as verificacao, errorName as erro, errorMessage as mensagem',
      'filter message = "Check failed" or level = "ERROR"',
      'sort @timestamp desc',
      'limit 200',
    ].join('\n| '),
  },
  Mails: {
    name: 'emails-enviados',
    query: [
      'fields @timestamp, summary.check as verificacao, summary.decision as decisao, summary.reason as motivo, summary.recipients as destinatarios, summary.recipientsCut as cortados',
      'filter message = "Check finished" and summary.decision in ["sent", "resolved-sent", "test-sent"]',
      'sort @timestamp desc',
      'limit 200',
    ].join('\n| '),
  },
} as const;

/** Creates the saved queries (console: CloudWatch → Logs Insights → Queries), named `<prefix>/<name>`. */
export function addSavedQueries(scope: Construct, prefix: string, checks: readonly CheckFunction[]): logs.CfnQueryDefinition[] {
  const logGroupNames = checks.map((check) => check.logGroup.logGroupName);
  return Object.entries(SAVED_QUERIES).map(
    ([id, { name, query }]) =>
      new logs.CfnQueryDefinition(scope, `${id}Query`, { name: `${prefix}/${name}`, queryString: query, logGroupNames })
  );
}
