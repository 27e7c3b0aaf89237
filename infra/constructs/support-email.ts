import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { supportMailPrefix } from '#shared/tickets/ses-support-receipt.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgeSupportMailBucket, acknowledgeSupportMailReader } from '../nag/acknowledgements.ts';
import { RelayFunction } from './relay-function.ts';

type Support = NonNullable<StageConfig['support']>;

/**
 * SES receiving for the support mailbox. SES hands a Lambda action the headers only, so the receipt rule
 * (TLS required, spam and virus scanned) first stores the whole email in a private, encrypted bucket
 * whose objects expire, then invokes `support-email`, which reads that one object back (s3:GetObject on
 * the prefix, nothing else) and files it as a ticket or a message on one.
 */
export class SupportEmail extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; table: TableV2; support: Support; ruleSet?: ReceiptRuleSet },
  ) {
    super(scope, id);
    const { config, support } = props;
    const destroy = config.removal === 'destroy';
    const bucket = new Bucket(this, 'InboundMail', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // The raw emails are only a hand-over to the function: the ticket keeps their text.
      lifecycleRules: [{ expiration: Duration.days(support.rawMailRetentionDays) }],
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
    });
    acknowledgeSupportMailBucket(bucket);
    const inbound = new RelayFunction(this, 'SupportInbound', {
      entry: 'functions/events/support-email.ts',
      description: 'Email to the support address → a ticket, or a message on the ticket it answers',
      config,
      table: props.table,
      tableAccess: 'readWrite',
      invocation: 'async',
      environment: {
        SUPPORT_ADDRESS: support.address,
        TICKET_REOPEN_WITHIN_DAYS: String(support.reopenWithinDays),
        SUPPORT_MAIL_BUCKET: bucket.bucketName,
      },
    });
    inbound.function.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${supportMailPrefix}*`)] }),
    );
    acknowledgeSupportMailReader(inbound.function);
    const ruleSet =
      props.ruleSet ?? new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: `relay-${config.stage}-support` });
    ruleSet.addRule('SupportMailbox', {
      recipients: [support.address],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        new S3({ bucket, objectKeyPrefix: supportMailPrefix }),
        new Lambda({ function: inbound.function, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
  }
}
