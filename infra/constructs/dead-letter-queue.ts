import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue } from '../nag/acknowledgements.ts';
import { stageStack } from './stage-scope.ts';

/** Every queue Relay creates is where failures land: encrypted, TLS-only, kept 14 days, its depth alarmed (Monitoring). */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledgeDeadLetterQueue(queue);
  return queue;
}

/**
 * The stage's one on-failure destination for asynchronously invoked functions (subscribers, timer
 * targets, SES hooks), in the stage's own stack whichever nested stack the function is in.
 */
export function asyncFailures(scope: Construct): Queue {
  const stack = stageStack(scope);
  return (stack.node.tryFindChild('AsyncFailures') as Queue | undefined) ?? deadLetterQueue(stack, 'AsyncFailures');
}
