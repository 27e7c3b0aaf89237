import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { stageConfig, stageNames } from '#infra/config/stages.ts';
import { allWorkflows } from '#workflows/index.ts';
import { rewriteForLocalRun } from '../../local/asl-local-rewrite.ts';

describe.each(allWorkflows(stageConfig('prod').workflows).map((workflow) => [workflow.name, workflow] as const))(
  'workflow %s',
  (_name, workflow) => {
    it('is valid ASL once its placeholders are substituted', () => {
      const substituted = JSON.parse(
        JSON.stringify(workflow.definition).replace(
          /\$\{(\w+)\}/g,
          'arn:aws:lambda:us-east-1:123456789012:function:$1',
        ),
      );
      const { isValid, errorsText } = aslValidator(substituted);
      expect(isValid, errorsText()).toBe(true);
    });

    it('names a handler for every task placeholder, which the local runner maps', () => {
      const local = rewriteForLocalRun(workflow, 1);
      const placeholders = [...JSON.stringify(workflow.definition).matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
      expect(new Set(placeholders)).toEqual(new Set(Object.keys(workflow.tasks)));
      expect([...local.taskEntries.values()].every((entry) => entry.startsWith('functions/'))).toBe(true);
    });
  },
);

// The local runner skips the interpreter's own validation (it cost every stack start a second of CPU), so
// the definitions it runs are validated here instead: rewriteForLocalRun's output for every stage's workflows.
const localDefinitions = new Map<string, { name: string; definition: unknown }>();
for (const stage of stageNames)
  for (const workflow of allWorkflows(stageConfig(stage).workflows)) {
    const { definition } = rewriteForLocalRun(workflow, 1440);
    const key = JSON.stringify(definition);
    // Stages whose workflows come out alike give one definition, validated once.
    if (!localDefinitions.has(key)) localDefinitions.set(key, { name: `${workflow.name} (${stage})`, definition });
  }

describe.each([...localDefinitions.values()].map(({ name, definition }) => [name, definition] as const))(
  'workflow %s as the local runner runs it',
  (_name, definition) => {
    it('is valid ASL, with the checks the interpreter would make (ARNs and paths)', () => {
      const { isValid, errorsText } = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
      expect(isValid, errorsText()).toBe(true);
    });
  },
);
