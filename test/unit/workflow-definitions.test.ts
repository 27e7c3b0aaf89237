import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config/stages.ts';
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
