import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type INagLogger } from 'cdk-nag';
import { stageConfig } from './config/stages.ts';
import type { StageConfig } from './config/stage-config.ts';
import { EdgeStack } from './edge-stack.ts';
import { RelayStack } from './relay-stack.ts';

/**
 * `cdk synth|deploy -c stage=<dev|staging|prod>`; dev when no stage is given. `nagLoggers` also hear
 * every cdk-nag result (the CDK test records which acknowledgements were used).
 */
export function buildApp(app = new App(), options: { nagLoggers?: INagLogger[] } = {}): App {
  const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
  // A security review in every synth: an unacknowledged finding is an error (see infra/nag/acknowledgements.ts).
  const nagOptions = options.nagLoggers ? { additionalLoggers: options.nagLoggers } : {};
  Aspects.of(app).add(new AwsSolutionsChecks(nagOptions));
  Aspects.of(app).add(new ServerlessChecks(nagOptions));
  buildStage(app, config);
  return app;
}

/** A stage's stacks: Relay-<stage>, and with the edge option Relay-<stage>-edge in us-east-1 (its WAF). */
export function buildStage(app: App, config: StageConfig): RelayStack {
  const edge = config.edge
    ? new EdgeStack(app, `Relay-${config.stage}-edge`, {
        config,
        rateLimitPer5Minutes: config.edge.rateLimitPer5Minutes,
        env: { account: config.env?.account, region: 'us-east-1' },
        crossRegionReferences: true,
        description: `Relay CRM (${config.stage}) WAF for CloudFront`,
      })
    : undefined;
  return new RelayStack(app, `Relay-${config.stage}`, {
    config,
    description: `Relay CRM (${config.stage})`,
    ...(config.env ? { env: config.env } : {}),
    ...(edge ? { webAclArn: edge.webAclArn, crossRegionReferences: true } : {}),
  });
}
