import { Annotations, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';

/** The kinds of finding a stack may acknowledge stack-wide: each only in the stacks that hold what raises it. */
export type StackWideFinding =
  /** Any Relay function or state machine (X-Ray), and any state machine's log delivery. */
  | 'unscopableActions'
  /** A function with access to the table. */
  | 'tableIndexes'
  /** A function that sets one-time timers. */
  | 'timerSchedules'
  /** A function with access to the table when the table has its own KMS key (prod). */
  | 'tableKey'
  /** A state machine that invokes its task functions. */
  | 'taskFunctionVersions';

/**
 * Every cdk-nag finding Relay accepts, with the reason a reviewer can check. A finding not listed
 * here fails `cdk synth` and the nag test. Stack-wide entries are narrowed by `appliesTo` to the exact
 * resource patterns they accept, and a stack (the stage's or a nested one) gets only the kinds it
 * holds: cdk-nag reads a nested stack's resources against that nested stack's acknowledgements. The
 * CDK test checks that each one is used where it is given, and "grants no function a data action on
 * every resource" guards what the `Resource::*` entry could otherwise hide.
 */
export function acknowledgeStackFindings(
  stack: Stack,
  names: { table: string; stage: string },
  findings: readonly StackWideFinding[],
): void {
  const acknowledgements: Record<StackWideFinding, NagPackSuppression> = {
    unscopableActions: {
      id: 'AwsSolutions-IAM5',
      reason:
        'Actions that IAM cannot scope to a resource: X-Ray PutTraceSegments/PutTelemetryRecords (tracing on every function and state machine) and the CloudWatch Logs delivery actions Step Functions needs for its log group.',
      appliesTo: ['Resource::*'],
    },
    tableIndexes: {
      id: 'AwsSolutions-IAM5',
      reason:
        "Queries go through the single table's indexes (gsi1–gsi6), all Relay's own; the grant covers only that table's indexes.",
      // A nested stack's policies name the table through a parameter, but cdk-nag reads them before CDK
      // makes the parameters, so they show the table's logical id in the stage's stack here too.
      appliesTo: [`Resource::<${names.table}.Arn>/index/*`],
    },
    timerSchedules: {
      id: 'AwsSolutions-IAM5',
      reason:
        'One-time schedules are named per timer at run time; the grant is limited to the stage’s own schedule group.',
      appliesTo: [
        {
          regex: `/^Resource::arn:aws:scheduler:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):schedule\\/relay-${names.stage}-timers\\/\\*$/`,
        },
      ],
    },
    tableKey: {
      id: 'AwsSolutions-IAM5',
      reason:
        'CDK’s table grants on the customer-managed table key (prod): GenerateDataKey* and ReEncrypt* are the key-usage action families DynamoDB needs, on that one key only.',
      appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
    },
    taskFunctionVersions: {
      id: 'AwsSolutions-IAM5',
      reason:
        'CDK’s invoke grant for a Step Functions task also covers the function’s versions and aliases (`<arn>:*`); it names one function.',
      appliesTo: [{ regex: '/^Resource::<.+Function[0-9A-F]+\\.Arn>:\\*$/' }],
    },
  };
  NagSuppressions.addStackSuppressions(
    stack,
    findings.map((finding) => acknowledgements[finding]),
  );
}

/** A Lambda function: its log permissions, and why it has (or needs) no DLQ of its own. */
export function acknowledgeFunction(fn: IConstruct, invocation: 'sync' | 'async'): void {
  NagSuppressions.addResourceSuppressions(
    fn,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; it is the managed policy AWS maintains for exactly that.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          invocation === 'async'
            ? 'Invoked asynchronously: failures after Lambda’s retries go to an on-failure destination (the stack’s AsyncFailures queue, alarmed), which carries more context than a DLQ.'
            : 'Invoked synchronously (API Gateway, Step Functions, the stream mapping with its own on-failure queue): the caller receives errors and retries, so a function DLQ would never be used.',
      },
    ],
    true,
  );
}

/** A queue that is itself a dead-letter queue (or an on-failure destination): it has nowhere further to send. */
export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  NagSuppressions.addResourceSuppressions(queue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is a dead-letter queue (or on-failure destination); its depth is alarmed.',
    },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is a dead-letter queue (or on-failure destination); its depth is alarmed.',
    },
  ]);
}

/** A route the route table marks public: it authenticates by other means, named in the reason. */
export function acknowledgePublicRoute(route: IConstruct, how: string): void {
  NagSuppressions.addResourceSuppressions(route, [{ id: 'AwsSolutions-APIG4', reason: `Public by design: ${how}` }]);
}

/** The app secret (the signing master key) is not rotated automatically. */
export function acknowledgeAppSecret(secret: IConstruct): void {
  NagSuppressions.addResourceSuppressions(secret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The master key signs links already in people’s mailboxes (unsubscribe links must keep working for years) and derives webhook secrets integrators hold; rotating it is a planned operation (README), not a schedule.',
    },
  ]);
}

/** A user pool without threat protection or required MFA: only where the stage config says so (not prod). */
export function acknowledgeUserPoolSettings(
  pool: IConstruct,
  settings: { mfa: 'optional' | 'required'; threatProtection: boolean },
): void {
  NagSuppressions.addResourceSuppressions(pool, [
    ...(settings.mfa === 'required'
      ? []
      : [
          {
            id: 'AwsSolutions-COG2',
            reason: 'MFA is optional on this non-production stage (TOTP available to every user); prod requires it.',
          },
        ]),
    ...(settings.threatProtection
      ? []
      : [
          {
            id: 'AwsSolutions-COG8',
            reason:
              'Threat protection (Plus plan, billed per user) is off on this non-production stage; prod enables it.',
          },
        ]),
  ]);
}

/** The stage's CloudFront distribution (the `edge` option). */
export function acknowledgeDistribution(distribution: IConstruct): void {
  NagSuppressions.addResourceSuppressions(distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'A CRM takes leads and answers from anywhere; geo restriction would be a business decision, not a default.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        'Requests are logged by the API stage behind it (access logs without IPs); CloudFront standard logs would add IP addresses to an S3 bucket.',
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot set a minimum TLS version; the origin leg is TLS 1.2 only, and an api.domain certificate can be added.',
    },
  ]);
}

/** The header secret between CloudFront and the public routes. */
export function acknowledgeEdgeOriginSecret(secret: IConstruct): void {
  NagSuppressions.addResourceSuppressions(secret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront sends this value as a header; rotating it means redeploying the distribution, which a deploy does (it is not a credential anyone else holds).',
    },
  ]);
}

/** The console's bucket: the built web app (public files, no data), read only by its distribution. */
export function acknowledgeConsoleBucket(bucket: IConstruct): void {
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the console’s public build and config.json (no data); its sole readers are its CloudFront distribution (origin access control) and the deployment, so access logs would only record CloudFront’s fetches.',
    },
  ]);
}

/** The support mailbox's bucket: SES writes each received email, the support-email function reads it once. */
export function acknowledgeSupportMailBucket(bucket: IConstruct): void {
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'A hand-over between two AWS services: its only writer is the SES receipt rule (bucket policy scoped to this account) and its only reader the support-email function (s3:GetObject on its prefix); objects expire. Access logs would record exactly those calls, and the function logs each one by SES message id.',
    },
  ]);
}

/** The support-email function reads any email SES stored under the prefix: their names are SES's message ids, known only then. */
export function acknowledgeSupportMailReader(fn: IConstruct): void {
  NagSuppressions.addResourceSuppressions(
    fn,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Each object is named by the SES message id of one received email, known only when it arrives; the grant is s3:GetObject on the support/ prefix of the support mailbox bucket, nothing else.',
        appliesTo: [{ regex: '/^Resource::<SupportEmailInboundMail[A-Za-z0-9]+\\.Arn>\\/support\\/\\*$/' }],
      },
    ],
    true,
  );
}

/** The console's distribution: static files of the web app, public by nature. */
export function acknowledgeConsoleDistribution(distribution: IConstruct, options: { withWaf: boolean }): void {
  NagSuppressions.addResourceSuppressions(distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'Sales teams sign in from wherever they travel; geo restriction would be a business decision, not a default.',
    },
    ...(options.withWaf
      ? []
      : [
          {
            id: 'AwsSolutions-CFR2',
            reason:
              'Serves only the static console build (no data, nothing to inject into); the API it calls needs a Cognito token. The edge option puts the stage’s WAF in front of this distribution too.',
          },
        ]),
    {
      id: 'AwsSolutions-CFR3',
      reason:
        'CloudFront standard logs would put every viewer’s IP address in an S3 bucket; the console’s requests that matter reach the API, whose access logs leave IPs out.',
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot set a minimum TLS version; browsers negotiate TLS 1.2 or 1.3, and HSTS pins HTTPS.',
    },
  ]);
  // Origin access with ListBucket makes a missing file S3's 404 (not 403); the risk CDK warns of is listing
  // the bucket at `/`, which the default root object and the SPA rewrite (every path gets a key) both prevent.
  Annotations.of(distribution).acknowledgeWarning(
    '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
    'defaultRootObject is index.html and the viewer-request function rewrites every non-file path to /index.html',
  );
}

/**
 * The Lambda that CDK's BucketDeployment runs at deploy time (one per stack, outside our constructs):
 * its runtime, tracing and permissions are CDK's. Its grants are CDK's on the two buckets involved.
 */
export function acknowledgeConsoleDeployment(stack: Stack): void {
  for (const handler of stack.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment')))
    NagSuppressions.addResourceSuppressions(
      handler,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'AWSLambdaBasicExecutionRole only lets CDK’s deployment function write its own CloudWatch logs; AWS maintains it for exactly that.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK’s BucketDeployment grant: read the console build from the CDK assets bucket and sync it into the console bucket (object-level actions need /*); no other bucket.',
          appliesTo: [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            'Action::s3:DeleteObject*',
            'Action::s3:Abort*',
            {
              regex: '/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-(<AWS::AccountId>|\\d{12})-.+\\/\\*$/',
            },
            { regex: '/^Resource::<Console[A-Za-z0-9]+\\.Arn>\\/\\*$/' },
          ],
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            'CDK’s BucketDeployment pins the Python runtime its bundled AWS CLI layer is built for; it runs only during a deploy.',
        },
        {
          id: 'Serverless-LambdaLatestVersion',
          reason:
            'CDK’s BucketDeployment pins the Python runtime its bundled AWS CLI layer is built for; it runs only during a deploy.',
        },
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked by CloudFormation as a custom resource, which waits for its answer and fails the deploy on an error: a DLQ would never be read.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'CDK’s deploy-time file copy (not a request path); its CloudWatch logs and the CloudFormation event record each run.',
        },
      ],
      true,
    );
}
