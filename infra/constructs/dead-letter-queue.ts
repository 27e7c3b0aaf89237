import { Duration, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue } from '../nag/acknowledgements.ts';

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

/** The stack's one on-failure destination for asynchronously invoked functions (subscribers, timer targets, SES hooks). */
export function asyncFailures(scope: Construct): Queue {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild('AsyncFailures') as Queue | undefined) ?? deadLetterQueue(stack, 'AsyncFailures');
}
