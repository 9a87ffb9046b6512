/**
 * Errors the bridge answers with. Each one becomes an HTTP status, the
 * `x-amzn-errortype` header and a `{"message": ...}` body, which is what makes
 * `@aws-sdk/client-rds-data` raise the class of the same name.
 *
 * Statuses are the ones in the SDK's service model (schemas_0.js of
 * @aws-sdk/client-rds-data 3.1143.0): DatabaseErrorException 400,
 * BadRequestException 400, DatabaseResumingException 400,
 * DatabaseUnavailableException 504, TransactionNotFoundException 404,
 * InternalServerErrorException 500, ServiceUnavailableError 503.
 */
export class DataApiError extends Error {
  constructor(
    /** Error shape name, sent as `x-amzn-errortype`. */
    readonly errorType: string,
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'DataApiError';
  }
}

/** SQL rejected by the database (syntax, missing relation, constraint...). */
export function databaseError(message: string): DataApiError {
  return new DataApiError('DatabaseErrorException', 400, message);
}

/** Malformed call (bad JSON, missing `sql`...). */
export function badRequest(message: string): DataApiError {
  return new DataApiError('BadRequestException', 400, message);
}

/** The database cannot be reached (connection refused, server shut down). Retried by the SDK (5xx). */
export function databaseUnavailable(message = "The writer instance in the DB cluster isn't available."): DataApiError {
  return new DataApiError('DatabaseUnavailableException', 504, message);
}

export function transactionNotFound(transactionId: string): DataApiError {
  return new DataApiError('TransactionNotFoundException', 404, `Transaction ${transactionId} is not found`);
}

/**
 * Aurora Serverless v2 auto-pause: the request wakes the instance and fails.
 * Message as reported from the real service (quoted in public issue threads);
 * the SDK does not retry it (4xx).
 */
export function databaseResuming(resourceArn: string | undefined): DataApiError {
  const arn = resourceArn && resourceArn.length > 0 ? resourceArn : 'arn:aws:rds:us-east-1:000000000000:cluster:local';
  return new DataApiError(
    'DatabaseResumingException',
    400,
    `The Aurora DB instance ${arn} is resuming after being auto-paused. Please wait a few seconds and try again.`
  );
}

/**
 * Result over the 1 MiB response limit. The message is the one the service is
 * seen returning; older (Serverless v1) reports show it under
 * BadRequestException, which the current SDK model marks deprecated, so the
 * bridge uses DatabaseErrorException. Callers should match on the message.
 */
export function responseTooLarge(): DataApiError {
  return databaseError('Database returned more than the allowed response size limit');
}

/**
 * A row over the 64 KB per-row limit. The troubleshooting guide names this
 * error "Packet for query is too large"; the class is not documented.
 */
export function rowTooLarge(rowBytes: number, limit: number): DataApiError {
  return databaseError(`Packet for query is too large (${rowBytes} > ${limit}).`);
}
