import { lambdaTransientErrors, type Workflow } from './workflow.ts';

export interface ContactFollowUpSettings {
  /** How long an owner has to touch a new contact before it is flagged. */
  followUpAfterSeconds: number;
}

const retryTransient = [{ ErrorEquals: lambdaTransientErrors, IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }];

/**
 * A new contact with an owner that nobody has touched within the follow-up delay gets the
 * `needs-follow-up` tag, so it surfaces in the owner's queue instead of going cold.
 */
export function contactFollowUpWorkflow(settings: ContactFollowUpSettings): Workflow {
  return {
    name: 'contact-follow-up',
    type: 'STANDARD',
    startedBy: {
      source: ['relay.contacts'],
      'detail-type': ['Contact Created'],
      detail: { ownerId: [{ exists: true }] },
    },
    tasks: {
      CheckContactUntouchedFunctionArn: { entry: 'functions/tasks/check-contact-untouched.ts', tableAccess: 'read' },
      FlagContactForFollowUpFunctionArn: {
        entry: 'functions/tasks/flag-contact-for-follow-up.ts',
        tableAccess: 'readWrite',
      },
    },
    definition: {
      Comment: 'Flag a new owned contact that is still untouched after the follow-up delay.',
      StartAt: 'WaitForFollowUpDelay',
      States: {
        WaitForFollowUpDelay: { Type: 'Wait', Seconds: settings.followUpAfterSeconds, Next: 'CheckContactUntouched' },
        CheckContactUntouched: {
          Type: 'Task',
          Resource: '${CheckContactUntouchedFunctionArn}',
          Parameters: { 'contactId.$': '$.detail.contactId' },
          ResultPath: '$.check',
          Retry: retryTransient,
          Next: 'IsContactUntouched',
        },
        IsContactUntouched: {
          Type: 'Choice',
          Choices: [{ Variable: '$.check.untouched', BooleanEquals: true, Next: 'FlagContactForFollowUp' }],
          Default: 'Done',
        },
        FlagContactForFollowUp: {
          Type: 'Task',
          Resource: '${FlagContactForFollowUpFunctionArn}',
          Parameters: { 'contactId.$': '$.detail.contactId', 'expectedVersion.$': '$.check.version' },
          ResultPath: '$.flag',
          Retry: retryTransient,
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
