import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The stage's own stack (`Relay-<stage>`) of a construct, also from inside one of its nested stacks. */
export function stageStack(construct: IConstruct): Stack {
  let stack = Stack.of(construct);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}

/**
 * A construct's path below the stage's stack, each nested stack named once (CDK puts a nested stack
 * `Routes` at `Routes.NestedStack/Routes`): `Routes/contacts-routes/Function`, `Workflows/lead-lifecycle`.
 * Alarm descriptions, dashboard labels and infra/function-grants.ts name functions this way.
 */
export function pathInStage(construct: IConstruct): string {
  const stagePath = stageStack(construct).node.path;
  return construct.node.path
    .slice(stagePath.length + 1)
    .split('/')
    .filter((segment) => !segment.endsWith('.NestedStack'))
    .join('/');
}
