import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NagSuppressions } from 'cdk-nag';

/**
 * Every cdk-nag finding Relay accepts, with the reason a reviewer can check. A finding not listed
 * here fails `cdk synth` and the nag test. Stack-wide entries are narrowed by `appliesTo` to the exact
 * resource patterns they accept; the CDK test "grants no function a data action on every resource"
 * guards what the `Resource::*` entry could otherwise hide.
 */
export function acknowledgeStackFindings(stack: Stack, names: { table: string; stage: string }): void {
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Actions that IAM cannot scope to a resource: X-Ray PutTraceSegments/PutTelemetryRecords (tracing on every function and state machine) and the CloudWatch Logs delivery actions Step Functions needs for its log group.',
      appliesTo: ['Resource::*'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        "Queries go through the single table's indexes (gsi1–gsi6), all Relay's own; the grant covers only that table's indexes.",
      appliesTo: [`Resource::<${names.table}.Arn>/index/*`],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'One-time schedules are named per timer at run time; the grant is limited to the stage’s own schedule group.',
      appliesTo: [
        {
          regex: `/^Resource::arn:aws:scheduler:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):schedule\\/relay-${names.stage}-timers\\/\\*$/`,
        },
      ],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'CDK’s table grants on the customer-managed table key (prod): GenerateDataKey* and ReEncrypt* are the key-usage action families DynamoDB needs, on that one key only.',
      appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'CDK’s invoke grant for a Step Functions task also covers the function’s versions and aliases (`<arn>:*`); it names one function.',
      appliesTo: [{ regex: '/^Resource::<.+Function[0-9A-F]+\\.Arn>:\\*$/' }],
    },
  ]);
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
