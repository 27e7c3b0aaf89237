import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks, type INagLogger } from 'cdk-nag';
import { eventCatalog } from '#shared/events/catalog.ts';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { buildApp, buildStage } from '#infra/app.ts';
import { sesThresholds } from '#infra/constructs/monitoring.ts';
import { pathInStage } from '#infra/constructs/stage-scope.ts';
import { StageConfig } from '#infra/config/stage-config.ts';
import { stageConfig, stageNames } from '#infra/config/stages.ts';
import { functionGrants, type FunctionGrants } from '#infra/function-grants.ts';
import { repositoryRoot } from '#infra/paths.ts';
import { RelayStack } from '#infra/relay-stack.ts';
import { roles } from '#shared/auth/principal.ts';
import { tableDesign } from '#shared/db/table-design.ts';
import { allWorkflows } from '#workflows/index.ts';
import { stageTemplates } from '../support/stage-templates.ts';

// The stacks' tests, the security review's and the least-privilege check live in this one file so that each
// stage is synthesized once (vitest runs every file in a process of its own, so nothing is shared across files).

/** A cdk-nag finding that an acknowledgement answered, and where. */
interface AcknowledgedFinding {
  stack: Stack;
  ruleId: string;
  findingId: string;
  reason: string;
}

/** A cdk-nag logger that records every acknowledged finding (the packs report the rest as annotations). */
function acknowledgedFindings(into: AcknowledgedFinding[]): INagLogger {
  const ignore = () => undefined;
  return {
    onCompliance: ignore,
    onNonCompliance: ignore,
    onError: ignore,
    onSuppressedError: ignore,
    onNotApplicable: ignore,
    onSuppressed: (finding) =>
      into.push({
        stack: Stack.of(finding.resource),
        ruleId: finding.ruleId,
        findingId: finding.findingId,
        // cdk-nag prefixes the reason of a granular acknowledgement with the finding it matched.
        reason: finding.suppressionReason.replace(`[${finding.findingId}] `, ''),
      }),
  };
}

/**
 * Each stage synthesized once, without bundling (bundling is exercised by the offline `cdk synth` test below),
 * with cdk-nag's AwsSolutions and Serverless packs applied (buildApp adds them). `template` is the whole stage
 * (its stack and its nested stacks, references between them resolved: test/support/stage-templates.ts);
 * `stacks` are the templates CloudFormation receives, one per stack.
 */
const synthesized = Object.fromEntries(
  stageNames.map((stage) => {
    const acknowledged: AcknowledgedFinding[] = [];
    const app = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }), {
      nagLoggers: [acknowledgedFindings(acknowledged)],
    });
    const assembly = app.synth();
    const { stacks, flattened } = stageTemplates(assembly, app.node.findChild(`Relay-${stage}`) as Stack);
    return [
      stage,
      {
        template: Template.fromJSON(flattened),
        stacks,
        messages: assembly.getStackByName(`Relay-${stage}`).messages,
        acknowledged,
      },
    ];
  }),
);
const templates = Object.fromEntries(stageNames.map((stage) => [stage, synthesized[stage]!.template]));

describe.each(stageNames)('stage %s', (stage) => {
  const template = templates[stage] as Template;
  const config = stageConfig(stage);

  it('has the single table with the shared key design, on-demand, TTL, stream and PITR', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: config.table.deletionProtection,
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: config.removal === 'retain' ? 'Retain' : 'Delete',
    });
  });

  it('serves every route of the shared route table', () => {
    for (const route of httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
    }
    // Plus OPTIONS /{proxy+}: the console's CORS preflights, without a token.
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'OPTIONS /{proxy+}',
      AuthorizationType: 'NONE',
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', httpRoutes.length + 1);
  });

  it('serves the console from a private, TLS-only bucket that only its CloudFront distribution reads (origin access control)', () => {
    // The console's, and the support mailbox's raw mail where the stage has one.
    template.resourceCountIs('AWS::S3::Bucket', config.support ? 2 : 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    const consoleBucketId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) =>
      id.startsWith('ConsoleFiles'),
    );
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (candidate) => candidate.Properties.Bucket.Ref === consoleBucketId,
    )?.Properties.PolicyDocument;
    // (dev and staging add CDK's statement that empties the bucket on destroy.)
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ...(config.removal === 'destroy'
        ? [expect.objectContaining({ Action: expect.arrayContaining(['s3:DeleteObject*']) })]
        : []),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Condition: {
          StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([{ Ref: distributionId }])] } },
        },
      }),
    ]);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: config.removal === 'retain' ? 'Retain' : 'Delete' });
  });

  it('gives the console HTTPS, security headers with a CSP, SPA routes without hiding missing assets, and its URL as an output', () => {
    const [headersPolicyId] = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const [functionId] = Object.keys(template.findResources('AWS::CloudFront::Function'));
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: { Ref: headersPolicyId },
          FunctionAssociations: [
            { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
          ],
        }),
        // No 403/404 → index.html mapping: it would answer a missing /assets/x.js with the app's HTML.
        CustomErrorResponses: Match.absent(),
        Origins: [
          Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } }),
        ],
      }),
    });
    const headers = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]?.Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self' ",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self' https://",
    ])
      expect(csp).toContain(directive);
    // connect-src names the API's own endpoint and the pool's managed-login domain, as tokens of this stack.
    expect(csp).toContain('{"Fn::GetAtt":["ApiHttpApi');
    expect(csp).toMatch(/\{"Ref":"AuthUsersDomain[0-9A-F]+"\},"\.auth\./);
    expect(csp).not.toContain('*');
    template.hasOutput('*', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }],
        ],
      },
    });
  });

  it("writes config.json at deploy from the stack's own API URL, user pool, web client and managed-login domain", () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    // Hashed assets cached for a year, then everything else (index.html, config.json) revalidated on every load.
    expect(deployments.map((deployment) => deployment.Properties.SystemMetadata)).toEqual([
      { 'cache-control': 'public, max-age=31536000, immutable' },
      { 'cache-control': 'no-cache' },
    ]);
    expect(deployments[0]?.Properties).toMatchObject({ Include: ['assets/*'], Prune: false });
    expect(deployments[1]?.Properties).toMatchObject({ Exclude: ['assets/*'], Prune: true });
    const markers = JSON.stringify(deployments[1]?.Properties.SourceMarkers);
    expect(markers).toMatch(/"Fn::GetAtt":\["ApiHttpApi[0-9A-F]+","ApiEndpoint"\]/);
    expect(markers).toMatch(/"Fn::GetAtt":\["AuthUsers[0-9A-F]+","ProviderURL"\]/);
    expect(markers).toMatch(/"Ref":"AuthWebClient[0-9A-F]+"/);
    expect(markers).toMatch(/"Ref":"AuthUsersDomain[0-9A-F]+"/);
    expect(markers).toMatch(/"Fn::GetAtt":\["ConsoleDistribution[0-9A-F]+","DomainName"\]/);
  });

  it('lets people sign in to the console with the code flow and PKCE, and the API answer its origin only', () => {
    const consoleUrl = (path: string) => ({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }, path],
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [...config.auth.callbackUrls, consoleUrl('/auth/callback')],
      LogoutURLs: [consoleUrl('/')],
    });
    // Its managed login's domain: unique per stack (the first block of the stack id's UUID) unless the stage names one.
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: config.auth.domainPrefix ?? {
        'Fn::Join': ['-', [`relay-${stage}`, { 'Fn::Select': [0, { 'Fn::Split': ['-', Match.anyValue()] }] }]],
      },
    });
    // CORS is the functions' (API Gateway's own would answer the form post's preflights and drop its headers).
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      String(fn.Properties.Description).startsWith('HTTP:'),
    );
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions)
      expect(JSON.stringify(fn.Properties.Environment.Variables.CONSOLE_ORIGINS), fn.Properties.Description).toMatch(
        /^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["ConsoleDistribution[0-9A-F]+","DomainName"\]\}\]\]\}$/,
      );
  });

  it('puts the Cognito JWT authorizer on every route the route table does not mark public', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    for (const spec of httpRoutes) {
      const [route] = Object.values(routes).filter((r) => r.Properties.RouteKey === `${spec.method} ${spec.path}`);
      expect(route?.Properties.AuthorizationType, spec.name).toBe(spec.access === 'public' ? 'NONE' : 'JWT');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('has a user pool whose groups are the Relay roles, without self sign-up', () => {
    for (const role of roles) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'relay',
      Scopes: roles.map((role) => Match.objectLike({ ScopeName: role })),
    });
  });

  it('gives each integration its own app client, allowed exactly its configured scopes', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const machines = clients.filter((client) => client.Properties.AllowedOAuthFlows?.includes('client_credentials'));
    expect(machines.map((client) => client.Properties.ClientName).sort()).toEqual(
      config.auth.integrations.map(({ name }) => `relay-${stage}-${name}`).sort(),
    );
    for (const integration of config.auth.integrations) {
      const client = machines.find(
        (candidate) => candidate.Properties.ClientName === `relay-${stage}-${integration.name}`,
      );
      expect(client?.Properties.AllowedOAuthScopes, integration.name).toEqual(integration.scopes);
      expect(client?.Properties.AllowedOAuthFlows).toEqual(['client_credentials']);
      expect(client?.Properties.GenerateSecret).toBe(true);
    }
    // People sign in with the web client, which mints no role scope at all (their roles are their groups).
    const people = clients.filter((client) => !client.Properties.AllowedOAuthFlows?.includes('client_credentials'));
    for (const client of people)
      expect((client.Properties.AllowedOAuthScopes as string[]).filter((scope) => scope.startsWith('relay/'))).toEqual(
        [],
      );
    // API Gateway accepts tokens of exactly these clients.
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(1 + config.auth.integrations.length);
  });

  it('runs every function on a current Node.js runtime with tracing and bounded log retention', () => {
    // Relay's own functions: CDK's deploy-time handlers (the console's file copy, emptying its bucket) are CDK's.
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([logicalId]) => !logicalId.startsWith('Custom'),
    );
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: config.functions.logRetentionDays });
  });

  it('deploys each workflow with exactly the definition the local runner executes', () => {
    for (const workflow of allWorkflows(config.workflows)) {
      const machines = template.findResources('AWS::StepFunctions::StateMachine', {
        Properties: { StateMachineName: `relay-${stage}-${workflow.name}` },
      });
      const [machine] = Object.values(machines);
      expect(machine, workflow.name).toBeDefined();
      expect(JSON.parse(machine?.Properties.DefinitionString)).toEqual(workflow.definition);
      expect(Object.keys(machine?.Properties.DefinitionSubstitutions).sort()).toEqual(
        Object.keys(workflow.tasks).sort(),
      );
    }
  });

  it('runs the lead lifecycle as Express with full logging, and its SLA timers on EventBridge Scheduler with least privilege', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `relay-${stage}-lead-lifecycle`,
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: `relay-${stage}-timers` });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });
    // Only what sets timers may create schedules (the lead notice, the campaign step, segment
    // enrollment, enrollment on request, on trigger and by API, webhook delivery and its retries,
    // the segments routes, which start background counts, and the planner of ticket SLA timers),
    // and only in the stage's group.
    const creators = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(creators).toHaveLength(10);
    for (const creator of creators)
      expect(JSON.stringify(creator.Properties.PolicyDocument)).toContain(`:schedule/relay-${stage}-timers/*`);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `relay-${stage}-campaign-step`,
      StateMachineType: 'EXPRESS',
    });
    // Scheduler may start the campaign-step workflow, named, not referenced (its own tasks set the timers).
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain(
      `:stateMachine:relay-${stage}-campaign-step`,
    );
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `relay-${stage}-segment-enrollment`,
      StateMachineType: 'STANDARD',
    });
    // Marketing mail's SES events come back through EventBridge (SES publishes to the default bus).
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: `relay-${stage}-marketing` });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['delivery', 'open', 'click', 'bounce', 'complaint'],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.ses'] }) });
    const campaignStep = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) =>
        fn.Properties.Description === 'campaign-step task' && fn.Properties.Environment.Variables.SES_CONFIGURATION_SET,
    );
    expect(campaignStep?.Properties.Environment.Variables.SES_CONFIGURATION_SET).toBe(`relay-${stage}-marketing`);
    // Replies to campaign mail: Reply-To is the stage's receiving address, whose receipt rule hands them to ses-inbound.
    expect(campaignStep?.Properties.Environment.Variables.EMAIL_REPLY_TO).toBe(config.email.replyTo);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      RuleSetName: Match.anyValue(),
      Rule: Match.objectLike({
        Recipients: [config.email.replyTo],
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [Match.objectLike({ LambdaAction: Match.objectLike({ InvocationType: 'Event' }) })],
      }),
    });
    const slaCheck = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Description === 'Timer target lead-sla-check',
    );
    expect(slaCheck).toHaveLength(1);
    expect(slaCheck[0]?.Properties.Environment.Variables.LEAD_SLA_SECONDS).toBe(
      String(config.workflows.leadSlaSeconds),
    );
  });

  it('starts triggered workflows from the stage bus with the same event pattern', () => {
    for (const workflow of allWorkflows(config.workflows).filter((w) => w.startedBy)) {
      template.hasResourceProperties('AWS::Events::Rule', { EventPattern: workflow.startedBy });
    }
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `relay-${stage}` });
  });

  it('relays only inserted outbox items from the stream, with a DLQ for batches that keep failing', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { entity: { S: ['OutboxEvent'] } } },
            }),
          },
        ],
      },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      BisectBatchOnFunctionError: true,
    });
  });

  it('sweeps the outbox every 5 minutes with a function that may only query, mark and publish, and alarms on the oldest pending event', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const [sweeperId, sweeper] = Object.entries(functions).find(([, fn]) =>
      String(fn.Properties.Description).startsWith('Relays outbox items the stream relay left pending'),
    )!;
    expect(sweeper.Properties.Environment.Variables).toMatchObject({ OUTBOX_SWEEP_AFTER_SECONDS: '300' });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ],
    });
    const roleRef = JSON.stringify(sweeper.Properties.Role);
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.parse(roleRef)['Fn::GetAtt'][0]))
      .flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) =>
          [statement.Action].flat(),
        ),
      );
    const dataActions = actions.filter(
      (action: string) => action.startsWith('dynamodb:') || action.startsWith('events:'),
    );
    expect(dataActions).toContain('dynamodb:Query');
    expect(dataActions).toContain('dynamodb:UpdateItem');
    expect(dataActions).toContain('events:PutEvents');
    for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(dataActions).not.toContain(write);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Relay',
      MetricName: 'OutboxOldestPendingAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'relay' }],
      Statistic: 'Maximum',
      Threshold: 15 * 60,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('gives the app secrets only to the functions that sign or verify with them', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const withSecrets = functions.filter((fn) => fn.Properties.Environment?.Variables?.APP_SECRETS_ARN);
    const descriptions = withSecrets.map((fn) => String(fn.Properties.Description));
    expect(descriptions).toHaveLength(11);
    for (const reader of [
      'ConfirmConsent',
      'SubmitForm',
      'ReceiveLeadWebhook',
      'Lead Received',
      'UnsubscribePage',
      'campaign-step task',
      'AnswerSurvey',
      'post-sale-survey task',
      'CreateWebhookSubscription',
      'deliver-webhooks',
      'Timer target webhook-delivery',
    ]) {
      expect(
        descriptions.some((description) => description.includes(reader)),
        reader,
      ).toBe(true);
    }
  });

  it('runs post-sale surveys as a Standard workflow that only the answer page and its own send task may resume', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `relay-${stage}-post-sale-survey`,
      StateMachineType: 'STANDARD',
    });
    const resumers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('states:SendTaskSuccess'),
    );
    expect(resumers).toHaveLength(2);
    for (const [, policy] of resumers) {
      const statement = policy.Properties.PolicyDocument.Statement.find((candidate: { Action: string | string[] }) =>
        [candidate.Action].flat().includes('states:SendTaskSuccess'),
      );
      expect(JSON.stringify(statement.Resource)).toContain(`:stateMachine:relay-${stage}-post-sale-survey`);
    }
    // The KPI subscriber: company-wide KPIs, each form's submissions (Lead Received), each campaign's results
    // from its email and journey events, and the service desk's KPIs from the ticket events.
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['relay.contacts', 'relay.leads', 'relay.deals', 'relay.email', 'relay.campaigns', 'relay.tickets'],
        'detail-type': [
          'Contact Created',
          'Lead Received',
          'Deal Won',
          'Deal Lost',
          'Email Sent',
          'Engagement Tracked',
          'Email Bounced',
          'Email Complained',
          'Contact Unsubscribed',
          'Campaign Enrollment Ended',
          'Ticket Created',
          'Ticket Assigned',
          'Ticket Status Changed',
          'Ticket Replied',
          'Ticket Resolved',
          'Ticket Reopened',
          'Ticket SLA Breached',
        ],
      },
    });
  });

  it('delivers outbound webhooks from every Relay source, retrying on Scheduler timers that the retry target may set again', () => {
    const sources = [...new Set(Object.values(eventCatalog).map((entry) => entry.source))];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: sources },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
    });
    const retrier = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, fn]) => fn.Properties.Description === 'Timer target webhook-delivery',
    );
    expect(retrier?.[1].Properties.Environment.Variables).toMatchObject({
      TIMER_GROUP_NAME: `relay-${stage}-timers`,
      APP_SECRETS_ARN: expect.anything(),
    });
    expect(retrier?.[1].Properties.Environment.Variables.RELAY_WEBHOOKS_ALLOW_PRIVATE).toBeUndefined();
  });

  it('archives every Relay event on the stage bus for replay, kept as long as the stage says', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: `relay-${stage}-events`,
      EventPattern: { source: [{ prefix: 'relay.' }] },
      RetentionDays: config.events.archiveRetentionDays,
    });
  });

  it('routes Lead Received needing double opt-in to its subscriber, with a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['relay.leads'],
        'detail-type': ['Lead Received'],
        detail: { doubleOptInRequired: [true] },
      },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
  });

  it('receives support mail into a private, encrypted, TLS-only, expiring bucket, then hands it to a function that may only read it', () => {
    if (!config.support) return;
    const support = config.support;
    const buckets = template.findResources('AWS::S3::Bucket');
    const [mailBucketId, mailBucket] = Object.entries(buckets).find(([id]) =>
      id.startsWith('SupportEmailInboundMail'),
    )!;
    expect(mailBucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: support.rawMailRetentionDays, Status: 'Enabled' }] },
    });
    const bucketPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (candidate) => candidate.Properties.Bucket.Ref === mailBucketId,
    )?.Properties.PolicyDocument;
    expect(bucketPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        // SES may only put objects under the prefix, only for this account.
        {
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [mailBucketId, 'Arn'] }, '/support/*']] },
        },
      ]),
    );
    // The rule: the support address only, TLS and scanning, the S3 action before the Lambda action.
    const rules = Object.values(template.findResources('AWS::SES::ReceiptRule')).filter((rule) =>
      rule.Properties.Rule.Recipients.includes(support.address),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.Rule).toMatchObject({
      Enabled: true,
      ScanEnabled: true,
      TlsPolicy: 'Require',
      Recipients: [support.address],
      Actions: [
        { S3Action: { BucketName: { Ref: mailBucketId }, ObjectKeyPrefix: 'support/' } },
        { LambdaAction: { InvocationType: 'Event' } },
      ],
    });
    // The function reads objects under the prefix and nothing else of S3.
    const s3Statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter(
        (statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')),
      ),
    );
    const readers = s3Statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes(`"${mailBucketId}"`),
    );
    expect(readers).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [mailBucketId, 'Arn'] }, '/support/*']] },
      },
    ]);
    // SES may invoke it, from this account only.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('grants no function a data action on every resource', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    for (const policy of Object.values(policies)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions: string[] = [statement.Action].flat();
        if (actions.some((action) => /^(dynamodb|events|states|lambda|secretsmanager|ses):/.test(action))) {
          expect([statement.Resource].flat(), JSON.stringify(actions)).not.toContain('*');
        }
      }
    }
  });
});

describe('cdk synth', () => {
  it('works offline with no AWS credentials, bundling every function with the local esbuild', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    const { stdout } = await promisify(execFile)(
      'npx',
      ['cdk', 'synth', '-c', 'stage=prod', '--quiet', '-o', 'cdk.out/test-prod'],
      {
        env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        // About 70 s of CPU (56 esbuild bundles, each through its own npx, as CDK runs it): 2 to 3 minutes of
        // wall time when others load the two cores.
        timeout: 300_000,
      },
    );
    expect(stdout).not.toMatch(/error/i);
    // The nested stack's template is written beside the parent's, and its functions are bundled too.
    const directory = join(repositoryRoot, 'cdk.out/test-prod');
    const [routesFile] = readdirSync(directory).filter((file) =>
      /^RelayprodRoutes.*\.nested\.template\.json$/.test(file),
    );
    const routes = JSON.parse(readFileSync(join(directory, routesFile!), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: unknown } } }>;
    };
    const functions = Object.values(routes.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) expect(fn.Properties.Code?.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
  }, 360_000);
});

describe('integrations in the stage config', () => {
  const base = stageConfig('staging');
  const withIntegrations = (integrations: unknown) =>
    StageConfig.safeParse({ ...base, auth: { ...base.auth, integrations } });

  it('synthesize one client per integration with only its scopes, however many there are', () => {
    const integrations = [
      { name: 'partner-crm', scopes: ['relay/sales'] },
      { name: 'bi-export', scopes: ['relay/marketing', 'relay/sales'] },
      { name: 'provisioning', scopes: ['relay/admin'] },
    ];
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new RelayStack(app, 'Relay-integrations', { config: withIntegrations(integrations).data! });
    const clients = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolClient'));
    for (const integration of integrations)
      expect(
        clients.find((client) => client.Properties.ClientName === `relay-staging-${integration.name}`)?.Properties
          .AllowedOAuthScopes,
        integration.name,
      ).toEqual(integration.scopes);
    expect(
      clients.filter((client) => client.Properties.AllowedOAuthFlows?.includes('client_credentials')),
    ).toHaveLength(3);
  });

  it('refuses a scope that is not a Relay role, a repeated name, and an integration with no scope', () => {
    const paths = (integrations: unknown) =>
      withIntegrations(integrations).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths([{ name: 'crm', scopes: ['relay/owner'] }])).toEqual(['auth.integrations.0.scopes.0']);
    expect(paths([{ name: 'crm', scopes: ['aws.cognito.signin.user.admin'] }])).toEqual([
      'auth.integrations.0.scopes.0',
    ]);
    expect(paths([{ name: 'crm', scopes: [] }])).toEqual(['auth.integrations.0.scopes']);
    expect(
      paths([
        { name: 'crm', scopes: ['relay/sales'] },
        { name: 'crm', scopes: ['relay/admin'] },
      ]),
    ).toEqual(['auth.integrations']);
  });
});

type ReviewedResource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

describe.each(stageNames)('stage %s, as a security review sees it', (stage) => {
  const { template, messages, stacks, acknowledged } = synthesized[stage]!;
  const config = stageConfig(stage);
  const resources = Object.values(template.toJSON().Resources as Record<string, ReviewedResource>);

  it('has no unacknowledged cdk-nag finding (AwsSolutions and Serverless packs)', () => {
    const findings = messages.filter(
      (message) => message.level !== 'info' && /^(AwsSolutions|Serverless)-/.test(String(message.entry.data)),
    );
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('uses every stack-wide acknowledgement in the stack it is given to: none is wider than what that stack holds', () => {
    // cdk-nag reads a resource against its own stack's acknowledgements, so each nested stack has its own.
    for (const { name, stack, template: stackTemplate } of stacks) {
      const given = (
        (stackTemplate.Metadata?.cdk_nag?.rules_to_suppress ?? []) as {
          id: string;
          reason: string;
          is_reason_encoded?: boolean;
        }[]
      ).map(({ id, reason, is_reason_encoded }) => ({
        id,
        // cdk-nag keeps a reason with characters beyond ASCII base64-encoded in the template.
        reason: is_reason_encoded ? Buffer.from(reason, 'base64').toString('utf8') : reason,
      }));
      expect(given.length, name).toBeGreaterThan(0);
      for (const { id, reason } of given)
        expect(
          acknowledged.some((finding) => finding.stack === stack && finding.ruleId === id && finding.reason === reason),
          `${name}: ${id} ${reason.slice(0, 80)}`,
        ).toBe(true);
    }
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
    // 7 subscribers, 3 timer targets, SES feedback, SES replies, the support mailbox and the outbox sweeper.
    expect(configs).toHaveLength(14);
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

  it('keeps each stack within its budget, far below CloudFormation’s limits, and the README says what prod has', () => {
    // CloudFormation allows 500 resources, 200 parameters and 200 outputs per stack, nested ones included.
    // The budget leaves room for the next hundred routes and functions before a stack needs splitting.
    const budget = { resources: 400, parameters: 100, outputs: 100 };
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    expect(stacks.map(({ name }) => name)).toEqual([`Relay-${stage}`, 'Routes']);
    for (const { name, template: stackTemplate } of stacks) {
      const counts = {
        resources: Object.keys(stackTemplate.Resources).length,
        parameters: Object.keys(stackTemplate.Parameters ?? {}).length,
        outputs: Object.keys(stackTemplate.Outputs ?? {}).length,
      };
      expect(counts.resources, name).toBeLessThanOrEqual(budget.resources);
      expect(counts.parameters, name).toBeLessThanOrEqual(budget.parameters);
      expect(counts.outputs, name).toBeLessThanOrEqual(budget.outputs);
      if (stage !== 'prod') continue;
      // `cdk synth` adds CDK's own metadata resource to each stack, which an in-process synth leaves out.
      const byCli = counts.resources + (stackTemplate.Resources.CDKMetadata ? 0 : 1);
      const stackName = name === `Relay-${stage}` ? '`Relay-prod`' : `\`${name}\` (nested)`;
      const row = `| ${stackName} | ${byCli} | ${counts.parameters} | ${counts.outputs} |`;
      expect(readme, row).toContain(row);
    }
  });

  it('keeps what holds data, or a name or id others keep, in the stage’s own stack under the logical ids it was deployed with', () => {
    // Moving one of these into a nested stack would replace it on the next deploy: the table, key, bucket and
    // secret lose their data; the pool, its clients and domain the people and integrations signed in with;
    // the API and its stage the id in every link already mailed; the console's distribution its URL; the
    // bus, archive, queues and schedule group the events, failures and timers they hold; a state machine
    // its running executions.
    const parent = stacks[0]!.template.Resources;
    const pinned: Record<string, string> = {
      StorageTableB43FDCE7: 'AWS::DynamoDB::GlobalTable',
      ...(config.table.encryption === 'customer-managed' ? { StorageTableKeyCB154F04: 'AWS::KMS::Key' } : {}),
      AuthUsersE210B9B0: 'AWS::Cognito::UserPool',
      AuthWebClientB65B58AE: 'AWS::Cognito::UserPoolClient',
      AuthUsersDomainB69AF0DB: 'AWS::Cognito::UserPoolDomain',
      ConsoleFiles2D43986C: 'AWS::S3::Bucket',
      ConsoleDistribution022D3262: 'AWS::CloudFront::Distribution',
      ApiAppSecrets233A1445: 'AWS::SecretsManager::Secret',
      ApiHttpApi4C294DC0: 'AWS::ApiGatewayV2::Api',
      ApiHttpApiDefaultStageE708EF42: 'AWS::ApiGatewayV2::Stage',
      EventsBus45DE4339: 'AWS::Events::EventBus',
      EventsBusArchive3AC72948: 'AWS::Events::Archive',
      TimersGroup76C79D49: 'AWS::Scheduler::ScheduleGroup',
      WorkflowsleadlifecycleStateMachineE670F24B: 'AWS::StepFunctions::StateMachine',
      WorkflowspostsalesurveyStateMachineC47C1BE9: 'AWS::StepFunctions::StateMachine',
    };
    for (const [logicalId, type] of Object.entries(pinned)) expect(parent[logicalId]?.Type, logicalId).toBe(type);
    const stateful =
      /^AWS::(DynamoDB|KMS|Cognito|S3::Bucket$|SecretsManager|Events::(EventBus|Archive)|Scheduler|StepFunctions|SQS::Queue$|SNS::Topic$|SES|CloudFront::Distribution|ApiGatewayV2::(Api|Stage|Authorizer|DomainName|ApiMapping)$)/;
    for (const { name, template: stackTemplate } of stacks.slice(1))
      expect(
        Object.entries(stackTemplate.Resources)
          .filter(([, resource]) => stateful.test(resource.Type))
          .map(([logicalId, resource]) => `${logicalId} ${resource.Type}`),
        name,
      ).toEqual([]);
  });

  it('puts the outputs people read (API URL, console URL, sign-in) on the stage’s own stack', () => {
    expect(Object.keys(stacks[0]!.template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'ConsoleConsoleUrl14E6D156',
        'AuthUserPoolIdC0605E59',
        'AuthWebClientId75D6892B',
        'AuthSignInDomain333A3C80',
        'ApiApiUrlF2D81078',
      ]),
    );
    // A nested stack's outputs are its parent's business (CDK's references), never a reader's.
    for (const { template: stackTemplate } of stacks.slice(1))
      for (const output of Object.values(stackTemplate.Outputs ?? {})) expect(output.Description).toBeUndefined();
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
  const stage = buildStage(app, config);
  const assembly = app.synth();
  const edge = assembly.getStackByName('Relay-prod-edge');
  const main = assembly.getStackByName('Relay-prod');
  // The stage's stack and its nested stacks as one (the public route functions are in Routes).
  const mainTemplate = Template.fromJSON(stageTemplates(assembly, stage).flattened);

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
    synthesized.dev!.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST' });
  });
});

type DeployedResource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

/** Each Lambda of the synthesized stage (its stack and nested stacks) as deployed: its environment variable names and its role's actions. */
function deployedGrants(config: StageConfig): Omit<FunctionGrants, 'entry'>[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stage = buildStage(app, config);
  const { stacks } = stageTemplates(app.synth(), stage);
  return stage.node
    .findAll()
    .filter((construct): construct is NodejsFunction => construct instanceof NodejsFunction)
    .map((fn) => {
      // The function, its role and the role's policies are all in the function's own stack.
      const stack = Stack.of(fn);
      const resources = stacks.find((candidate) => candidate.stack === stack)!.template.Resources as Record<
        string,
        DeployedResource
      >;
      const properties = resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
      const role = properties.Role['Fn::GetAtt'][0] as string;
      const actions = Object.values(resources)
        .filter(
          (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role),
        )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string[] }) => s.Action));
      return {
        id: pathInStage(fn).replace(/\/Function$/, ''),
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
