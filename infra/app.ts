/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`).
 *
 * A configuration error is printed as the plain pt-BR message (no stack
 * trace) and the process exits with status 1, which fails `cdk synth`.
 */
import { DeploymentConfigError } from './config';
import { createApp } from './create-app';

try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof DeploymentConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
