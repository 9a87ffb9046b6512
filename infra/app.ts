/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`).
 *
 * A configuration error is printed as the plain pt-BR message (no stack
 * trace) and the process exits with status 1, which fails `cdk synth`.
 * A command that builds nothing (`cdk bootstrap`) before any configuration
 * exists gets an app without stacks (./unconfigured-run.ts).
 */
import { App } from 'aws-cdk-lib';
import { DeploymentConfigError } from './config';
import { createApp } from './create-app';
import { isUnconfiguredRunWithoutAssets, UNCONFIGURED_NOTICE } from './unconfigured-run';

try {
  // No automatic synth at exit: it would overwrite the configured app's manifest with this empty one.
  const bare = new App({ autoSynth: false });
  if (isUnconfiguredRunWithoutAssets(bare)) {
    console.error(UNCONFIGURED_NOTICE);
    bare.synth();
  } else {
    createApp().app.synth();
  }
} catch (error) {
  if (!(error instanceof DeploymentConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
