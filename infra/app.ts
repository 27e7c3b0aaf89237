import { App } from 'aws-cdk-lib';
import { stageConfig } from './config/stages.ts';
import { RelayStack } from './relay-stack.ts';

/** `cdk synth|deploy -c stage=<dev|staging|prod>`; dev when no stage is given. */
export function buildApp(app = new App()): App {
  const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
  new RelayStack(app, `Relay-${config.stage}`, {
    config,
    description: `Relay CRM (${config.stage})`,
    ...(config.env ? { env: config.env } : {}),
  });
  return app;
}
