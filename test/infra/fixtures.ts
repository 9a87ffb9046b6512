/**
 * Shared fixtures of the infra tests: sample context, app builders and
 * helpers that read the synthesized template.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { createApp, type NotifierApp } from '../../infra/create-app';

export const ACCOUNT = '123456789012';
export const REGION = 'sa-east-1';
export const CLUSTER_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:sei-producao`;
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:sei-leitura-AbC123`;

/** The required keys only. */
export const REQUIRED_CONTEXT = {
  dbEngine: 'mysql',
  dbClusterArn: CLUSTER_ARN,
  dbSecretArn: SECRET_ARN,
  dbName: 'sei',
  mailFrom: 'sei-notificacoes@orgao.gov.br',
} as const;

/** Every key set, as strings (the way `-c key=value` delivers them). */
export const FULL_CONTEXT = {
  ...REQUIRED_CONTEXT,
  mailTo: 'admin1@orgao.gov.br, admin2@orgao.gov.br',
  opsEmail: 'infra@orgao.gov.br',
  stalledAfterDays: '2',
  noNewPackagesAfterDays: '21',
  mailToInfrastructure: 'infra@orgao.gov.br',
  mailToRecords: 'protocolo@orgao.gov.br; arquivo@orgao.gov.br',
  seiName: 'SEI-MGI Produção',
  seiUrl: 'https://sei.orgao.gov.br',
  maxRecipients: '300',
} as const;

/** Context that makes NodejsFunction skip esbuild (no stack is bundled). */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

/** Builds the app without bundling (fast): for tests that only read the template. */
export function appWithoutBundling(context: Record<string, unknown>): NotifierApp {
  return createApp({ context: { ...NO_BUNDLING, ...context } });
}

/** Logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

/** A resource of the template by logical id. */
export function resourceOf(template: Template, logicalId: string): { Type: string; Properties: Record<string, unknown> } {
  const resource = template.toJSON().Resources?.[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource;
}

/** Statements of the default (inline) policy of a role construct. */
export function policyStatementsOf(stack: Stack, template: Template, role: IConstruct): unknown[] {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`role ${role.node.path} has no DefaultPolicy`);
  const props = resourceOf(template, logicalIdOf(stack, policy)).Properties as {
    PolicyDocument: { Statement: unknown[] };
  };
  return props.PolicyDocument.Statement;
}

/** `arn:${AWS::Partition}:<rest>` as CloudFormation renders `Stack.formatArn`. */
export function partitionArn(...rest: unknown[]): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...rest]] };
}

/** `{ Fn::GetAtt: [id, attr] }`. */
export const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });

/** The validation report written next to the cloud assembly by `app.synth()`. */
export interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName?: string;
    readonly violations?: ReadonlyArray<{ readonly ruleName: string; readonly severity?: string }>;
  }>;
}

/** Reads the validation report of a synthesized app. */
export function validationReportOf(assemblyDirectory: string): ValidationReport {
  return JSON.parse(readFileSync(join(assemblyDirectory, VALIDATION_REPORT_FILE), 'utf8')) as ValidationReport;
}

/**
 * Renders a CloudFormation string value (a literal, `Ref`, `Fn::GetAtt` or
 * `Fn::Join` of those) to plain text: `Ref` becomes `<Ref:Id>`, `Fn::GetAtt`
 * becomes `<GetAtt:Id.Attr>`. Inside a JSON document the markers stay within
 * their string literals, so the result still parses.
 */
export function renderCfnString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `<Ref:${v.Ref}>`;
    if (Array.isArray(v['Fn::GetAtt'])) return `<GetAtt:${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderCfnString).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}
