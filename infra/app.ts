import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { stageConfig } from './config/stages.ts';
import { RelayStack } from './relay-stack.ts';

/** `cdk synth|deploy -c stage=<dev|staging|prod>`; dev when no stage is given. */
export function buildApp(app = new App()): App {
  const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
  // A security review in every synth: an unacknowledged finding is an error (see infra/nag/acknowledgements.ts).
  Aspects.of(app).add(new AwsSolutionsChecks());
  Aspects.of(app).add(new ServerlessChecks());
  new RelayStack(app, `Relay-${config.stage}`, {
    config,
    description: `Relay CRM (${config.stage})`,
    ...(config.env ? { env: config.env } : {}),
  });
  return app;
}
