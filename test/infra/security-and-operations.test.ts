import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { buildApp, buildStage } from '#infra/app.ts';
import { sesThresholds } from '#infra/constructs/monitoring.ts';
import { StageConfig } from '#infra/config/stage-config.ts';
import { stageConfig, stageNames } from '#infra/config/stages.ts';
import { RelayStack } from '#infra/relay-stack.ts';
import { repositoryRoot } from '#infra/paths.ts';

/** Each stage synthesized once, with cdk-nag's AwsSolutions and Serverless packs applied (buildApp adds them). */
const synthesized = Object.fromEntries(
  stageNames.map((stage) => {
    const app = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
    const artifact = app.synth().getStackByName(`Relay-${stage}`);
    return [
      stage,
      { template: Template.fromJSON(artifact.template as Record<string, unknown>), messages: artifact.messages },
    ];
  }),
);

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

describe.each(stageNames)('stage %s, as a security review sees it', (stage) => {
  const { template, messages } = synthesized[stage]!;
  const config = stageConfig(stage);
  const resources = Object.values(template.toJSON().Resources as Record<string, Resource>);

  it('has no unacknowledged cdk-nag finding (AwsSolutions and Serverless packs)', () => {
    const findings = messages.filter(
      (message) => message.level !== 'info' && /^(AwsSolutions|Serverless)-/.test(String(message.entry.data)),
    );
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    const acknowledgements = resources.flatMap(
      (resource) => (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[],
    );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) expect(reason.length, id).toBeGreaterThan(40);
  });

  it('keeps the table recoverable, and encrypted with its own rotated KMS key in prod', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: config.table.deletionProtection,
        }),
      ],
    });
    if (config.table.encryption === 'customer-managed') {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    } else {
      template.resourceCountIs('AWS::KMS::Key', 0);
    }
  });

  it('accepts only TLS on every queue and topic', () => {
    const denyPlainText = Match.objectLike({
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    });
    const queues = resources.filter((resource) => resource.Type === 'AWS::SQS::Queue').length;
    expect(
      Object.keys(template.findResources('AWS::SQS::QueuePolicy', { Properties: { PolicyDocument: denyPlainText } })),
    ).toHaveLength(queues);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: denyPlainText });
  });

  it('logs API access without source IPs, and throttles the API stage', () => {
    const stageResource = resources.find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stageResource?.Properties?.AccessLogSettings?.Format).toContain('$context.requestId');
    expect(stageResource?.Properties?.AccessLogSettings?.Format).not.toMatch(/sourceIp|userAgent/);
    expect(stageResource?.Properties?.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: config.api.throttle.rateLimit,
      ThrottlingBurstLimit: config.api.throttle.burstLimit,
    });
  });

  it('sends failures of every asynchronously invoked function to the on-failure queue', () => {
    const configs = resources.filter((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig');
    // 5 subscribers, 2 timer targets, SES feedback, SES replies and the outbox sweeper.
    expect(configs).toHaveLength(10);
    for (const invokeConfig of configs)
      expect(JSON.stringify(invokeConfig.Properties?.DestinationConfig?.OnFailure?.Destination)).toContain(
        'AsyncFailures',
      );
  });

  it('logs every state transition (without execution data) and traces every state machine', () => {
    for (const machine of resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties?.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
      expect(machine.Properties?.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  it('alarms on every queue, state machine and function, on API 5xx, and on SES rates at the SES thresholds', () => {
    const alarms = resources.filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');
    const described = (text: string) =>
      alarms.filter((alarm) => String(alarm.Properties?.AlarmDescription).includes(text));
    const count = (type: string) => resources.filter((resource) => resource.Type === type).length;
    expect(described('has messages')).toHaveLength(count('AWS::SQS::Queue'));
    expect(described('failed executions')).toHaveLength(count('AWS::StepFunctions::StateMachine'));
    // CDK's own deploy-time handlers (the console's file copy, emptying a bucket on destroy) are not Relay's functions.
    const relayFunctions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([logicalId]) => !logicalId.startsWith('Custom'),
    );
    expect(described('Errors in').length).toBe(Math.ceil(relayFunctions.length / 10));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Threshold: sesThresholds.bounceRate,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.ComplaintRate',
      Threshold: sesThresholds.complaintRate,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    for (const alarm of alarms)
      expect(alarm.Properties?.AlarmActions, String(alarm.Properties?.AlarmDescription)).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    if (config.alarms.email)
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.alarms.email });
  });

  it('puts no secret in any function’s environment: only the ARN of the secret that holds them', () => {
    for (const fn of resources.filter((resource) => resource.Type === 'AWS::Lambda::Function')) {
      const names = Object.keys(fn.Properties?.Environment?.Variables ?? {});
      expect(names.filter((name) => /SECRET|PASSWORD|TOKEN|KEY/i.test(name) && !name.endsWith('_ARN'))).toEqual([]);
    }
  });

  it('requires MFA and threat protection where the stage says so (prod)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: config.auth.mfa === 'required' ? 'ON' : 'OPTIONAL',
    });
    if (config.auth.threatProtection)
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
  });

  it('stays under CloudFormation’s 500 resources per stack, and the README says how many prod has', () => {
    expect(resources.length).toBeLessThan(500);
    // `cdk synth` adds CDK's own metadata resource, which an in-process template leaves out.
    const synthesized = resources.length + (resources.some((r) => r.Type === 'AWS::CDK::Metadata') ? 0 : 1);
    if (stage === 'prod')
      expect(readFileSync(join(repositoryRoot, 'README.md'), 'utf8')).toContain(
        `keeps the prod stack at ${synthesized} CloudFormation resources`,
      );
  });
});

describe('a stage with its own API domain', () => {
  const config = stageConfig('staging');
  const domain = {
    name: 'api.crm.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  };
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RelayStack(app, 'Relay-domain', {
    config: StageConfig.parse({ ...config, api: { ...config.api, domain } }),
  });
  const template = Template.fromStack(stack);

  it('maps the domain (TLS 1.2) to the API and uses it for every link in Relay’s emails', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: domain.name,
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: domain.certificateArn, SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const urls = Object.values(template.findResources('AWS::Lambda::Function')).flatMap((fn) =>
      fn.Properties.Environment?.Variables?.PUBLIC_API_URL ? [fn.Properties.Environment.Variables.PUBLIC_API_URL] : [],
    );
    expect(urls.length).toBeGreaterThan(5);
    expect(new Set(urls)).toEqual(new Set([`https://${domain.name}`]));
  });

  it('refuses a malformed domain or certificate with a message naming the field', () => {
    const result = StageConfig.safeParse({
      ...config,
      api: { ...config.api, domain: { name: 'not a domain', certificateArn: 'arn:aws:iam::1:role/x' } },
    });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['api.domain.name', 'a domain name such as "api.crm.example.com"'],
      ['api.domain.certificateArn', 'an ACM certificate ARN'],
    ]);
  });
});

describe('a stage with the edge option (CloudFront + WAF)', () => {
  const base = stageConfig('prod');
  const config = StageConfig.parse({
    ...base,
    env: { account: '123456789012', region: 'eu-west-1' },
    edge: { rateLimitPer5Minutes: 2000 },
  });
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  Aspects.of(app).add(new ServerlessChecks());
  buildStage(app, config);
  const assembly = app.synth();
  const edge = assembly.getStackByName('Relay-prod-edge');
  const main = assembly.getStackByName('Relay-prod');
  const mainTemplate = Template.fromJSON(main.template as Record<string, unknown>);

  it('puts a CloudFront WebACL in us-east-1 with AWS’s managed rule groups and a per-IP rate limit', () => {
    expect(edge.environment.region).toBe('us-east-1');
    Template.fromJSON(edge.template as Record<string, unknown>).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesAmazonIpReputationList' }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
        }),
      ],
    });
  });

  it('serves the API through CloudFront with that WAF, HTTPS only, nothing cached, and a secret origin header the public routes check', () => {
    mainTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        }),
        Origins: [
          Match.objectLike({
            OriginCustomHeaders: [Match.objectLike({ HeaderName: 'x-relay-origin' })],
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ],
      }),
    });
    const functions = Object.values(mainTemplate.findResources('AWS::Lambda::Function'));
    const checking = functions
      .filter((fn) => fn.Properties.Environment?.Variables?.EDGE_ORIGIN_SECRET_ARN)
      .map((fn) => String(fn.Properties.Description));
    for (const publicRoute of [
      'SubmitForm',
      'Unsubscribe',
      'AnswerSurvey',
      'ReceiveLeadWebhook',
      'ConfirmConsent',
      'OpenApiDocument',
    ])
      expect(
        checking.some((description) => description.includes(publicRoute)),
        publicRoute,
      ).toBe(true);
    // Links in emails point at CloudFront, not at the API's own endpoint.
    const urls = functions.flatMap((fn) =>
      fn.Properties.Environment?.Variables?.PUBLIC_API_URL
        ? [JSON.stringify(fn.Properties.Environment.Variables.PUBLIC_API_URL)]
        : [],
    );
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url).toContain('Distribution');
  });

  it('forwards CloudFront-Viewer-Address to the form post, the one route that uses the client IP', () => {
    const [policyId] = Object.keys(
      mainTemplate.findResources('AWS::CloudFront::OriginRequestPolicy', {
        Properties: {
          OriginRequestPolicyConfig: Match.objectLike({
            HeadersConfig: {
              HeaderBehavior: 'whitelist',
              Headers: Match.arrayWith(['CloudFront-Viewer-Address', 'Content-Type', 'Origin', 'Idempotency-Key']),
            },
          }),
        },
      }),
    );
    expect(policyId).toBeDefined();
    mainTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/forms/*/submissions',
            OriginRequestPolicyId: { Ref: policyId },
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
            ViewerProtocolPolicy: 'https-only',
          }),
        ],
        // Everything else keeps all viewer headers (Authorization included) except Host.
        DefaultCacheBehavior: Match.objectLike({ OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac' }),
      }),
    });
    const formRoute = httpRoutes.find((route) => route.name === 'SubmitForm');
    expect(formRoute?.path.replace(/\{[^}]+\}/g, '*')).toBe('/forms/*/submissions');
  });

  it('puts the console behind the same WAF, and has it call the API through CloudFront', () => {
    const distributions = mainTemplate.findResources('AWS::CloudFront::Distribution');
    expect(Object.keys(distributions)).toHaveLength(2);
    for (const distribution of Object.values(distributions))
      expect(distribution.Properties.DistributionConfig.WebACLId).toBeDefined();
    const [configDeployment] = Object.values(mainTemplate.findResources('Custom::CDKBucketDeployment')).filter(
      (deployment) => deployment.Properties.SourceMarkers,
    );
    expect(JSON.stringify(configDeployment?.Properties.SourceMarkers)).toMatch(
      /"Fn::GetAtt":\["EdgeDistribution[0-9A-F]+","DomainName"\]/,
    );
  });

  it('passes the security review on both stacks', () => {
    const findings = [...edge.messages, ...main.messages].filter(
      (message) => message.level !== 'info' && /^(AwsSolutions|Serverless)-/.test(String(message.entry.data)),
    );
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('is refused without an account, which the cross-region reference needs', () => {
    const result = StageConfig.safeParse({ ...base, edge: { rateLimitPer5Minutes: 2000 } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['edge']);
  });
});

describe('table capacity', () => {
  it('is on-demand by default, or provisioned with auto scaling between the configured units', () => {
    const config = stageConfig('staging');
    const provisioned = StageConfig.parse({
      ...config,
      table: {
        ...config.table,
        capacity: { mode: 'provisioned', readUnits: { min: 5, max: 200 }, writeUnits: { min: 5, max: 100 } },
      },
    });
    const template = Template.fromStack(
      new RelayStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Relay-capacity', {
        config: provisioned,
      }),
    );
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PROVISIONED',
      WriteProvisionedThroughputSettings: {
        WriteCapacityAutoScalingSettings: Match.objectLike({ MinCapacity: 5, MaxCapacity: 100 }),
      },
    });
    const bad = StageConfig.safeParse({
      ...config,
      table: {
        ...config.table,
        capacity: { mode: 'provisioned', readUnits: { min: 50, max: 5 }, writeUnits: { min: 1, max: 2 } },
      },
    });
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['table.capacity', 'min must not exceed max'],
    ]);
    synthesizedBilling('dev');
  });
});

function synthesizedBilling(stage: string): void {
  const app = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
  Template.fromStack(app.node.findChild(`Relay-${stage}`) as never).hasResourceProperties(
    'AWS::DynamoDB::GlobalTable',
    { BillingMode: 'PAY_PER_REQUEST' },
  );
}
