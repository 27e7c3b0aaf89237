import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { eventCatalog } from '#shared/events/catalog.ts';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { buildApp } from '#infra/app.ts';
import { StageConfig } from '#infra/config/stage-config.ts';
import { stageConfig, stageNames } from '#infra/config/stages.ts';
import { RelayStack } from '#infra/relay-stack.ts';
import { roles } from '#shared/auth/principal.ts';
import { tableDesign } from '#shared/db/table-design.ts';
import { allWorkflows } from '#workflows/index.ts';

/** Synthesizes a stage without bundling (bundling is exercised by the offline `cdk synth` test below). */
function synth(stage: string): Template {
  const app = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
  return Template.fromStack(app.node.findChild(`Relay-${stage}`) as never);
}

const templates = Object.fromEntries(stageNames.map((stage) => [stage, synth(stage)]));

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
    template.resourceCountIs('AWS::S3::Bucket', 1);
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
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]?.Properties.PolicyDocument;
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
    // and the segments routes, which start background counts), and only in the stage's group.
    const creators = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(creators).toHaveLength(9);
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
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['relay.contacts', 'relay.deals'],
        'detail-type': ['Contact Created', 'Deal Won', 'Deal Lost'],
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
        timeout: 120_000,
      },
    );
    expect(stdout).not.toMatch(/error/i);
  }, 180_000);
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
