import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app.ts';
import { sesThresholds } from '#infra/constructs/monitoring.ts';
import { StageConfig } from '#infra/config/stage-config.ts';
import { stageConfig, stageNames } from '#infra/config/stages.ts';
import { RelayStack } from '#infra/relay-stack.ts';

/** Each stage synthesized once, with cdk-nag's AwsSolutions and Serverless packs applied (buildApp adds them). */
const synthesized = Object.fromEntries(
  stageNames.map((stage) => {
    const app = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
    const artifact = app.synth().getStackByName(`Relay-${stage}`);
    return [stage, { template: Template.fromJSON(artifact.template as Record<string, unknown>), messages: artifact.messages }];
  }),
);

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

describe.each(stageNames)('stage %s, as a security review sees it', (stage) => {
  const { template, messages } = synthesized[stage]!;
  const config = stageConfig(stage);
  const resources = Object.values(template.toJSON().Resources as Record<string, Resource>);

  it('has no unacknowledged cdk-nag finding (AwsSolutions and Serverless packs)', () => {
    const findings = messages.filter((message) => message.level !== 'info' && /^(AwsSolutions|Serverless)-/.test(String(message.entry.data)));
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    const acknowledgements = resources.flatMap((resource) => (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) expect(reason.length, id).toBeGreaterThan(40);
  });

  it('keeps the table recoverable, and encrypted with its own rotated KMS key in prod', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: config.table.deletionProtection })],
    });
    if (config.table.encryption === 'customer-managed') {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    } else {
      template.resourceCountIs('AWS::KMS::Key', 0);
    }
  });

  it('accepts only TLS on every queue and topic', () => {
    const denyPlainText = Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) });
    const queues = resources.filter((resource) => resource.Type === 'AWS::SQS::Queue').length;
    expect(Object.keys(template.findResources('AWS::SQS::QueuePolicy', { Properties: { PolicyDocument: denyPlainText } }))).toHaveLength(queues);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: denyPlainText });
  });

  it('logs API access without source IPs, and throttles the API stage', () => {
    const stageResource = resources.find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stageResource?.Properties?.AccessLogSettings?.Format).toContain('$context.requestId');
    expect(stageResource?.Properties?.AccessLogSettings?.Format).not.toMatch(/sourceIp|userAgent/);
    expect(stageResource?.Properties?.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: config.api.throttle.rateLimit, ThrottlingBurstLimit: config.api.throttle.burstLimit });
  });

  it('sends failures of every asynchronously invoked function to the on-failure queue', () => {
    const configs = resources.filter((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig');
    // 5 subscribers, 2 timer targets, SES feedback and SES replies.
    expect(configs).toHaveLength(9);
    for (const invokeConfig of configs) expect(JSON.stringify(invokeConfig.Properties?.DestinationConfig?.OnFailure?.Destination)).toContain('AsyncFailures');
  });

  it('logs every state transition (without execution data) and traces every state machine', () => {
    for (const machine of resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties?.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
      expect(machine.Properties?.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  it('alarms on every queue, state machine and function, on API 5xx, and on SES rates at the SES thresholds', () => {
    const alarms = resources.filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');
    const described = (text: string) => alarms.filter((alarm) => String(alarm.Properties?.AlarmDescription).includes(text));
    const count = (type: string) => resources.filter((resource) => resource.Type === type).length;
    expect(described('has messages')).toHaveLength(count('AWS::SQS::Queue'));
    expect(described('failed executions')).toHaveLength(count('AWS::StepFunctions::StateMachine'));
    expect(described('Errors in').length).toBe(Math.ceil(count('AWS::Lambda::Function') / 10));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: sesThresholds.bounceRate });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: sesThresholds.complaintRate });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    for (const alarm of alarms) expect(alarm.Properties?.AlarmActions, String(alarm.Properties?.AlarmDescription)).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    if (config.alarms.email) template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.alarms.email });
  });

  it('puts no secret in any function’s environment: only the ARN of the secret that holds them', () => {
    for (const fn of resources.filter((resource) => resource.Type === 'AWS::Lambda::Function')) {
      const names = Object.keys(fn.Properties?.Environment?.Variables ?? {});
      expect(names.filter((name) => /SECRET|PASSWORD|TOKEN|KEY/i.test(name) && !name.endsWith('_ARN'))).toEqual([]);
    }
  });

  it('requires MFA and threat protection where the stage says so (prod)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: config.auth.mfa === 'required' ? 'ON' : 'OPTIONAL' });
    if (config.auth.threatProtection) template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  });

  it('stays under CloudFormation’s 500 resources per stack', () => {
    expect(resources.length).toBeLessThan(500);
  });
});

describe('a stage with its own API domain', () => {
  const config = stageConfig('staging');
  const domain = { name: 'api.crm.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' };
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RelayStack(app, 'Relay-domain', { config: StageConfig.parse({ ...config, api: { ...config.api, domain } }) });
  const template = Template.fromStack(stack);

  it('maps the domain (TLS 1.2) to the API and uses it for every link in Relay’s emails', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: domain.name, DomainNameConfigurations: [Match.objectLike({ CertificateArn: domain.certificateArn, SecurityPolicy: 'TLS_1_2' })] });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const urls = Object.values(template.findResources('AWS::Lambda::Function')).flatMap((fn) => (fn.Properties.Environment?.Variables?.PUBLIC_API_URL ? [fn.Properties.Environment.Variables.PUBLIC_API_URL] : []));
    expect(urls.length).toBeGreaterThan(5);
    expect(new Set(urls)).toEqual(new Set([`https://${domain.name}`]));
  });

  it('refuses a malformed domain or certificate with a message naming the field', () => {
    const result = StageConfig.safeParse({ ...config, api: { ...config.api, domain: { name: 'not a domain', certificateArn: 'arn:aws:iam::1:role/x' } } });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['api.domain.name', 'a domain name such as "api.crm.example.com"'],
      ['api.domain.certificateArn', 'an ACM certificate ARN'],
    ]);
  });
});
