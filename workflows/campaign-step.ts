import { taskRetry, type Workflow } from './workflow.ts';

/**
 * One enrollment's due steps, started by its timer (EventBridge Scheduler, or at once on enrollment):
 * run a step; if another is due at once (after a send, an update, a notice), run it too; stop when
 * the enrollment sleeps (its next timer is set) or ends.
 *
 * Express, with no Wait states: a journey's days-long waits are Scheduler timers, so nothing sleeps
 * in Step Functions and a deploy never interrupts a wait. Steps are idempotent per enrollment run
 * and step (at-most-once sends, version-checked writes, named timers), as Express runs at least once.
 */
export function campaignStepWorkflow(): Workflow {
  return {
    name: 'campaign-step',
    type: 'EXPRESS',
    tasks: {
      RunCampaignStepFunctionArn: {
        entry: 'functions/tasks/run-campaign-step.ts',
        tableAccess: 'readWrite',
        sendsEmail: true,
        setsTimers: true,
        usesAppSecrets: true,
      },
      RecordCampaignStepFailureFunctionArn: {
        entry: 'functions/tasks/record-campaign-step-failure.ts',
        tableAccess: 'readWrite',
      },
    },
    definition: {
      Comment: 'Run an enrollment’s due campaign steps until it sleeps or ends.',
      StartAt: 'RunStep',
      States: {
        RunStep: {
          Type: 'Task',
          Resource: '${RunCampaignStepFunctionArn}',
          Parameters: {
            'campaignId.$': '$.campaignId',
            'contactId.$': '$.contactId',
            'run.$': '$.run',
            'dueAt.$': '$.dueAt',
            // The execution's id and start input (with the timer's `firing`): the step claims the firing once.
            'execution.$': '$$.Execution',
          },
          ResultPath: '$.step',
          Retry: taskRetry,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordFailure' }],
          Next: 'AnotherStepDue',
        },
        AnotherStepDue: {
          Type: 'Choice',
          Choices: [{ Variable: '$.step.continue', BooleanEquals: true, Next: 'RunStep' }],
          Default: 'Done',
        },
        RecordFailure: {
          Type: 'Task',
          Resource: '${RecordCampaignStepFailureFunctionArn}',
          Parameters: {
            'campaignId.$': '$.campaignId',
            'contactId.$': '$.contactId',
            'run.$': '$.run',
            'dueAt.$': '$.dueAt',
            'error.$': '$.failure.Error',
          },
          ResultPath: '$.recorded',
          Retry: taskRetry,
          Next: 'Failed',
        },
        Failed: {
          Type: 'Fail',
          Error: 'CampaignStepFailed',
          Cause: 'A campaign step failed after its retries; see the Campaign Step Failed event.',
        },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
