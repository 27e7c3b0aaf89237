import { App } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { buildStage } from '#infra/app.ts';
import type { StageConfig } from '#infra/config/stage-config.ts';
import { stageConfig } from '#infra/config/stages.ts';
import { functionGrants, type FunctionGrants } from '#infra/function-grants.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

/** Each Lambda of the synthesized stack as deployed: its environment variable names and its role's actions. */
function deployedGrants(config: StageConfig): Omit<FunctionGrants, 'entry'>[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = buildStage(app, config);
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<string, Resource>;
  return stack.node
    .findAll()
    .filter((construct): construct is NodejsFunction => construct instanceof NodejsFunction)
    .map((fn) => {
      const properties = resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
      const role = properties.Role['Fn::GetAtt'][0] as string;
      const actions = Object.values(resources)
        .filter(
          (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role),
        )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string[] }) => s.Action));
      return {
        id: fn.node.path.replace(`${stack.stackName}/`, '').replace(/\/Function$/, ''),
        environment: Object.keys(properties.Environment?.Variables ?? {}).sort(),
        actions: [...new Set(actions)].sort(),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

const declared = (config: StageConfig) =>
  functionGrants(config)
    .map(({ id, environment, actions }) => ({ id, environment, actions }))
    .sort((a, b) => a.id.localeCompare(b.id));

// One synth covers every branch of the declarations: dev has a Reply-To address (so SES receiving), and
// this one puts CloudFront in front (so the public route functions check its origin secret).
const behindEdge: StageConfig = {
  ...stageConfig('dev'),
  env: { account: '111122223333', region: 'eu-west-1' },
  edge: { rateLimitPer5Minutes: 1000 },
};

describe('least privilege', () => {
  it('gives every Lambda exactly the environment variables and IAM actions that infra/function-grants.ts declares', () => {
    // On a mismatch, the diff names the function: declare what it needs in infra/function-grants.ts
    // (which the local runtime enforces), or take the grant away from the construct.
    expect(deployedGrants(behindEdge)).toEqual(declared(behindEdge));
  }, 120_000);
});
