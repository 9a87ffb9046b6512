/**
 * Fake AWS Lambda `Context` for handler tests. getRemainingTimeInMillis()
 * counts down from a deadline fixed at creation (timeoutMs after `now()`).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextOptions {
  /** Function timeout; default 60 000 ms. */
  readonly timeoutMs?: number;
  readonly functionName?: string;
  readonly awsRequestId?: string;
  readonly memoryLimitInMB?: number;
  /** Clock, e.g. `() => Date.now()` (default) or a fake one. */
  readonly now?: () => number;
}

export interface FakeLambdaContext extends Context {
  /** Epoch ms at which the invocation times out. */
  readonly deadline: number;
}

export function createLambdaContext(options: LambdaContextOptions = {}): FakeLambdaContext {
  const now = options.now ?? (() => Date.now());
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = now() + timeoutMs;
  const functionName = options.functionName ?? 'sei-pi-notifier-test';
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const notSupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported in async handlers`);
  };
  return {
    deadline,
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 256),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: notSupported('done'),
    fail: notSupported('fail'),
    succeed: notSupported('succeed'),
  };
}
