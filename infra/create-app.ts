/**
 * Builds the CDK app: reads the context, creates the stack in the cluster's
 * account and region, and registers cdk-nag's AWS Solutions pack, which runs
 * on every synth.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readNotifierContext } from './context';
import { ProtocoloIntegradoNotifierStack } from './stack';

/** Name (and construct id) of the stack. */
export const STACK_NAME = 'SeiPiNotifier';

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
  const { env, props: notifier } = readNotifierContext(app);
  const stack = new ProtocoloIntegradoNotifierStack(app, STACK_NAME, { env, notifier });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
