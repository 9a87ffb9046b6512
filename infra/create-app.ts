/**
 * Builds the CDK app: reads the context, creates the stack in the cluster's
 * account and region, and registers cdk-nag's AWS Solutions pack, which runs
 * on every synth.
 */
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_STACK_NAME, readAppContext } from './app-context';
import { readNotifierContext } from './context';
import { ProtocoloIntegradoNotifierStack } from './stack';

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
 * @throws DeploymentConfigError when a context key is missing or malformed
 */
export function createApp(props: AppProps = {}): NotifierApp {
  const app = new App(props);
  const { context, problems } = readAppContext(app);
  const { env, props: notifier } = readNotifierContext(app, problems);
  const stack = new ProtocoloIntegradoNotifierStack(app, context.stackName, { env, notifier });
  for (const [key, value] of Object.entries(context.tags)) Tags.of(stack).add(key, value);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
