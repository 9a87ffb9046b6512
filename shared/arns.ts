/**
 * Parsing and checking of the ARNs the notifier receives as configuration.
 *
 * Pure functions: no CDK, no AWS calls. Problems are returned as short
 * Brazilian Portuguese phrases (they end up in the synth error the user
 * reads); `undefined` means the value is fine.
 */

/** The parts of an ARN, as written in the ARN itself. */
export interface ArnParts {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** Service namespace, e.g. `rds`. */
  readonly service: string;
  /** Region, e.g. `sa-east-1`. */
  readonly region: string;
  /** 12-digit account id. */
  readonly account: string;
  /** Everything after the account, e.g. `cluster:sei`. */
  readonly resource: string;
}

const GENERIC_ARN = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/;
const PARTITION = /^aws(-cn|-us-gov)?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/**
 * Splits an ARN into its parts.
 *
 * @returns the parts, or `undefined` when the text is not shaped like an ARN
 */
export function splitArn(arn: string): ArnParts | undefined {
  const match = GENERIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  if (partition === undefined || service === undefined || region === undefined || account === undefined || resource === undefined) {
    return undefined;
  }
  return { partition, service, region, account, resource };
}

/** What a particular kind of ARN must look like. */
interface ArnKind {
  /** Service namespace the ARN must carry. */
  readonly service: string;
  /** Pattern for the resource part (after the account). */
  readonly resource: RegExp;
  /** What the resource part should look like, for the message (pt-BR). */
  readonly resourceHint: string;
  /** Name of the kind of resource, for the message (pt-BR). */
  readonly label: string;
}

const CLUSTER: ArnKind = {
  service: 'rds',
  // DB cluster identifiers: a letter, then letters, digits or hyphens (max 63).
  resource: /^cluster:[A-Za-z][A-Za-z0-9-]{0,62}$/,
  resourceHint: 'cluster:<identificador-do-cluster>',
  label: 'cluster Aurora',
};

const SECRET: ArnKind = {
  service: 'secretsmanager',
  // The full ARN ends with "-" plus the 6 random characters Secrets Manager adds;
  // a partial ARN (without them) would not match the IAM resource we grant.
  resource: /^secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
  resourceHint: 'secret:<nome>-<6 caracteres>',
  label: 'segredo do Secrets Manager (ARN completo, com o sufixo de 6 caracteres)',
};

const KMS_KEY: ArnKind = {
  service: 'kms',
  resource: /^key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
  resourceHint: 'key/<id-da-chave>',
  label: 'chave do KMS',
};

/**
 * Checks an ARN against a kind; returns the reason it is wrong, in pt-BR.
 */
function checkArn(arn: string, kind: ArnKind): string | undefined {
  const parts = splitArn(arn);
  if (!parts) {
    return `não é um ARN de ${kind.label} (formato esperado arn:aws:${kind.service}:<região>:<conta>:${kind.resourceHint})`;
  }
  if (!PARTITION.test(parts.partition)) {
    return `partição "${parts.partition}" desconhecida (esperado "aws")`;
  }
  if (parts.service !== kind.service) {
    return `é um ARN do serviço "${parts.service}", mas deveria ser de ${kind.label} (serviço "${kind.service}")`;
  }
  if (!REGION.test(parts.region)) {
    return `região "${parts.region}" inválida`;
  }
  if (!ACCOUNT.test(parts.account)) {
    return `conta "${parts.account}" inválida (esperados 12 dígitos)`;
  }
  if (!kind.resource.test(parts.resource)) {
    return `recurso "${parts.resource}" inválido (esperado ${kind.resourceHint})`;
  }
  return undefined;
}

/** Reason the value is not an Aurora DB cluster ARN, or `undefined`. */
export const checkClusterArn = (arn: string): string | undefined => checkArn(arn, CLUSTER);

/** Reason the value is not a full Secrets Manager secret ARN, or `undefined`. */
export const checkSecretArn = (arn: string): string | undefined => checkArn(arn, SECRET);

/** Reason the value is not a KMS key ARN, or `undefined`. */
export const checkKmsKeyArn = (arn: string): string | undefined => checkArn(arn, KMS_KEY);

/**
 * Checks that `arn` lives in the same partition, region and account as the
 * cluster (the Data API only reaches a secret of the cluster's own account,
 * and the stack is deployed to the cluster's region).
 *
 * @returns the reason they differ, in pt-BR, or `undefined`
 */
export function checkSameLocation(arn: string, cluster: ArnParts): string | undefined {
  const parts = splitArn(arn);
  if (!parts) return undefined; // format problems are reported by the format check
  if (parts.region !== cluster.region) {
    return `está na região "${parts.region}", mas o cluster (dbClusterArn) está em "${cluster.region}"`;
  }
  if (parts.account !== cluster.account) {
    return `está na conta ${parts.account}, mas o cluster (dbClusterArn) está na conta ${cluster.account}`;
  }
  if (parts.partition !== cluster.partition) {
    return `está na partição "${parts.partition}", mas o cluster está em "${cluster.partition}"`;
  }
  return undefined;
}
