import { describe, expect, it } from 'vitest';
import type { Workflow } from '#workflows/workflow.ts';
import { rewriteForLocalRun } from '../../local/asl-local-rewrite.ts';
import { waitMilliseconds } from '../../local/step-functions.ts';

const workflow: Workflow = {
  name: 'example',
  type: 'STANDARD',
  tasks: { DoWorkArn: { entry: 'functions/tasks/do-work.ts', tableAccess: 'read' } },
  definition: {
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', SecondsPath: '$.delay', InputPath: '$.payload', Next: 'Work' },
      Work: {
        Type: 'Task',
        Resource: '${DoWorkArn}',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        Next: 'Fan',
      },
      Fan: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Wait', Seconds: 10, End: true } } }],
        End: true,
      },
    },
  },
};

describe('rewriteForLocalRun', () => {
  const local = rewriteForLocalRun(workflow, 10);
  const states = local.definition.States as Record<string, Record<string, unknown>>;

  it('maps placeholder task resources to local ARNs and their handler modules', () => {
    expect(states.Work?.Resource).toBe('arn:aws:lambda:us-east-1:000000000000:function:DoWorkArn');
    expect(local.taskEntries.get('Work')).toBe('functions/tasks/do-work.ts');
  });

  it('turns every Wait (nested ones too) into a Task that keeps its paths and transitions', () => {
    expect(states.Pause).toMatchObject({ Type: 'Task', InputPath: '$.payload', Next: 'Work' });
    expect(states.Pause).not.toHaveProperty('SecondsPath');
    expect(local.waits.get('Pause')).toEqual({ SecondsPath: '$.delay' });
    expect(local.waits.get('Inner')).toEqual({ Seconds: 10 });
  });

  it('scales retry pauses by the time scale', () => {
    expect(local.retryPausesMs.Work).toEqual([200, 400, 800]);
  });

  it('leaves the original definition untouched (CDK deploys it as is)', () => {
    expect((workflow.definition.States.Pause as Record<string, unknown>).Type).toBe('Wait');
  });

  it('fails loudly on a placeholder no task defines', () => {
    const broken = { ...workflow, tasks: {} };
    expect(() => rewriteForLocalRun(broken, 1)).toThrow(/DoWorkArn/);
  });
});

describe('waitMilliseconds', () => {
  it('computes every Wait form as Step Functions does', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(waitMilliseconds({ Seconds: 5 }, {})).toBe(5000);
    expect(waitMilliseconds({ SecondsPath: '$.wait.seconds' }, { wait: { seconds: 7 } })).toBe(7000);
    expect(waitMilliseconds({ Timestamp: '2026-01-01T00:01:00Z' }, {}, now)).toBe(60_000);
    expect(waitMilliseconds({ TimestampPath: '$.at' }, { at: '2026-01-01T00:00:30Z' }, now)).toBe(30_000);
    expect(waitMilliseconds({ Timestamp: '2025-01-01T00:00:00Z' }, {}, now)).toBe(0);
  });
});
