/**
 * Builds the CDK app: reads the context, creates the stack in the cluster's
 * account and region, and registers cdk-nag's AWS Solutions pack, which runs
 * on every synth.
 */
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_CONTEXT_EXAMPLES, APP_CONTEXT_KEYS, DEFAULT_STACK_NAME, readAppContext } from './app-context';
import { CONFIG_KEYS, EXAMPLES } from './config';
import { readNotifierContext } from './context';
import { ProtocoloIntegradoNotifierStack } from './stack';
import { unknownContextKeys } from './unknown-context-keys';

/** Every context key the app reads: the notifier's and the app's own. */
export const CONTEXT_KEYS: readonly string[] = [...CONFIG_KEYS, ...APP_CONTEXT_KEYS];

/** Name (and construct id) of the stack unless the context's `stackName` says otherwise. */
export const STACK_NAME = DEFAULT_STACK_NAME;

/** The app and its single stack. */
export interface NotifierApp {
  readonly app: App;
  readonly stack: ProtocoloIntegradoNotifierStack;
}

/**
 * Creates the app.
 *
 * @param props App props; tests pass `context` here, the CLI passes it through the environment
 * @throws DeploymentConfigError when a context key is missing, malformed or unknown (a typo)
 */
export function createApp(props: AppProps = {}): NotifierApp {
  const app = new App(props);
  const { context, problems } = readAppContext(app);
  const typos = unknownContextKeys(app.node.getAllContext(), CONTEXT_KEYS, { ...EXAMPLES, ...APP_CONTEXT_EXAMPLES });
  const { env, props: notifier } = readNotifierContext(app, [...typos, ...problems]);
  const stack = new ProtocoloIntegradoNotifierStack(app, context.stackName, { env, notifier });
  for (const [key, value] of Object.entries(context.tags)) Tags.of(stack).add(key, value);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
