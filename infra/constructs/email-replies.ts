import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { RelayFunction } from './relay-function.ts';

/**
 * SES receiving for the campaign Reply-To address: a receipt rule (TLS required, spam and virus scan)
 * hands each reply's headers to `ses-inbound`, which files it on the contact's timeline.
 * SES allows one active rule set per region: activate this one, or copy its rule into yours (README).
 */
export class EmailReplies extends Construct {
  readonly ruleSetName: string;
  /** The stage's one receipt rule set: the support mailbox adds its rule here (SES allows one active set). */
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2; replyTo: string }) {
    super(scope, id);
    this.ruleSetName = `relay-${props.config.stage}-replies`;
    const inbound = new RelayFunction(this, 'SesInbound', {
      entry: 'functions/events/ses-inbound.ts',
      description: 'Replies to campaign mail → contact timeline and email_replied engagement',
      config: props.config,
      table: props.table,
      tableAccess: 'readWrite',
      invocation: 'async',
    });
    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      receiptRuleSetName: this.ruleSetName,
      rules: [
        {
          recipients: [props.replyTo],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [new Lambda({ function: inbound.function, invocationType: LambdaInvocationType.EVENT })],
        },
      ],
    });
  }
}
