import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestedStack, type Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

// CloudFormation JSON, as read back from the cloud assembly.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- CloudFormation JSON

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Json; Metadata?: Json; [key: string]: Json }>;
  Parameters?: Record<string, Json>;
  Outputs?: Record<string, { Value: Json; [key: string]: Json }>;
  Metadata?: Json;
}

export interface StackTemplate {
  /** `Relay-<stage>` for the stage's own stack, the construct id (`Routes`) for a nested one. */
  name: string;
  stack: Stack;
  template: CfnTemplate;
}

export interface StageTemplates {
  /** Each stack as CloudFormation receives it: the stage's own stack first, then its nested stacks. */
  stacks: StackTemplate[];
  /**
   * The whole stage as one template, as a reader of the deployed stage would see it: every stack's
   * resources together (the nested stacks' wrappers left out), each nested stack parameter replaced by
   * what its parent passes, and each read of a nested stack's output replaced by the output's value.
   * So a function in a nested stack shows `{"Fn::GetAtt":["ConsoleDistribution…","DomainName"]}`
   * where its own template has `{"Ref":"referencetoRelay…DomainName"}`, and the assertions written for
   * one stack still hold.
   */
  flattened: CfnTemplate;
}

/** The templates of `stage` (a top-level stack) and of all its nested stacks, from a synthesized assembly. */
export function stageTemplates(assembly: CloudAssembly, stage: Stack): StageTemplates {
  const nested = stage.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct));
  const templates = new Map<Stack, CfnTemplate>([
    [stage, assembly.getStackByName(stage.stackName).template as CfnTemplate],
    ...nested.map(
      (stack) =>
        [stack, JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as CfnTemplate] as const,
    ),
  ]);
  const templateOf = (stack: Stack) => templates.get(stack)!;
  // A nested stack by the logical id of its AWS::CloudFormation::Stack resource, per parent.
  const nestedByResource = new Map<Stack, Map<string, NestedStack>>();
  for (const stack of nested) {
    const parent = stack.nestedStackParent!;
    const children = nestedByResource.get(parent) ?? new Map<string, NestedStack>();
    children.set(parent.getLogicalId(stack.nestedStackResource!), stack);
    nestedByResource.set(parent, children);
  }

  /** `value` from `stack`'s template, its parameters and nested outputs replaced by what they stand for. */
  const resolve = (stack: Stack, value: Json): Json => {
    if (Array.isArray(value)) return value.map((item) => resolve(stack, item));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && NestedStack.isNestedStack(stack)) {
      const parameter = value.Ref as string;
      if (templateOf(stack).Parameters?.[parameter] !== undefined) {
        const parent = stack.nestedStackParent!;
        const resource = templateOf(parent).Resources[parent.getLogicalId(stack.nestedStackResource!)];
        return resolve(parent, resource?.Properties.Parameters[parameter]);
      }
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
      const child = nestedByResource.get(stack)?.get(logicalId);
      if (child && attribute.startsWith('Outputs.'))
        return resolve(child, templateOf(child).Outputs?.[attribute.slice('Outputs.'.length)]?.Value);
    }
    return Object.fromEntries(keys.map((key) => [key, resolve(stack, value[key])]));
  };

  const resources: CfnTemplate['Resources'] = {};
  for (const [stack, template] of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (nestedByResource.get(stack)?.has(logicalId)) continue;
      if (logicalId in resources) throw new Error(`${logicalId} is in two stacks of ${stage.stackName}`);
      resources[logicalId] = resolve(stack, resource);
    }
  }
  const parent = templateOf(stage);
  return {
    stacks: [...templates].map(([stack, template]) => ({
      name: stack === stage ? stage.stackName : stack.node.id,
      stack,
      template,
    })),
    flattened: { Resources: resources, Outputs: resolve(stage, parent.Outputs ?? {}), Metadata: parent.Metadata },
  };
}
