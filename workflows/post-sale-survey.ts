import { taskRetry, type Workflow } from './workflow.ts';

/** A task that hands its token to the Lambda and waits (up to the timeout at `timeoutPath`) for SendTaskSuccess. */
const waitForAnswer = (functionPlaceholder: string, reminder: boolean, timeoutPath: string, onTimeout: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: functionPlaceholder,
    Payload: { 'sendId.$': '$.plan.sendId', 'taskToken.$': '$$.Task.Token', reminder },
  },
  TimeoutSecondsPath: timeoutPath,
  ResultPath: '$.answer',
  Retry: taskRetry,
  Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: onTimeout }],
  Next: 'ByCategory',
});

const task = (resource: string, next: string, resultPath: string) => ({
  Type: 'Task',
  Resource: resource,
  Parameters: { 'sendId.$': '$.plan.sendId' },
  ResultPath: resultPath,
  Retry: taskRetry,
  Next: next,
});

/**
 * After a won deal (or a lost one, a resolved ticket, or a request): wait the survey's delay, check the contact may still
 * be mailed, send the survey and wait for the answer on a task token (one reminder, then it expires),
 * then act on the answer: a detractor gets a follow-up task and their owner an email, a promoter is
 * asked for a review; either way Survey Response Received is published.
 *
 * Standard: it waits days (the delay, then the answer), which Express cannot; a survey costs about a
 * dozen transitions whatever the wait. The answer is recorded by the public answer endpoint at once,
 * and the first answer resumes this execution with SendTaskSuccess.
 */
export function postSaleSurveyWorkflow(): Workflow {
  return {
    name: 'post-sale-survey',
    type: 'STANDARD',
    startedBy: {
      source: ['relay.deals', 'relay.tickets', 'relay.surveys'],
      'detail-type': ['Deal Won', 'Deal Lost', 'Ticket Resolved', 'Survey Requested'],
    },
    tasks: {
      PlanSurveyFunctionArn: { entry: 'functions/tasks/plan-survey.ts', tableAccess: 'readWrite' },
      CheckSurveyMailableFunctionArn: { entry: 'functions/tasks/check-survey-mailable.ts', tableAccess: 'readWrite' },
      SendSurveyFunctionArn: {
        entry: 'functions/tasks/send-survey.ts',
        tableAccess: 'readWrite',
        sendsEmail: true,
        usesAppSecrets: true,
        resumesWorkflows: true,
      },
      ExpireSurveyFunctionArn: { entry: 'functions/tasks/expire-survey.ts', tableAccess: 'readWrite' },
      FollowUpDetractorFunctionArn: {
        entry: 'functions/tasks/follow-up-detractor.ts',
        tableAccess: 'readWrite',
        sendsEmail: true,
      },
      AskPromoterForReviewFunctionArn: {
        entry: 'functions/tasks/ask-promoter-for-review.ts',
        tableAccess: 'readWrite',
        sendsEmail: true,
      },
      CompleteSurveyResponseFunctionArn: {
        entry: 'functions/tasks/complete-survey-response.ts',
        tableAccess: 'readWrite',
      },
    },
    definition: {
      Comment: 'Send a post-sale survey after its delay, wait for the answer (one reminder), and act on it.',
      StartAt: 'PlanSurvey',
      States: {
        PlanSurvey: {
          Type: 'Task',
          Resource: '${PlanSurveyFunctionArn}',
          Parameters: { 'detailType.$': "$['detail-type']", 'detail.$': '$.detail' },
          ResultPath: '$.plan',
          Retry: taskRetry,
          Next: 'IsPlanned',
        },
        IsPlanned: {
          Type: 'Choice',
          Choices: [{ Variable: '$.plan.planned', BooleanEquals: true, Next: 'WaitForDelay' }],
          Default: 'NoSurvey',
        },
        WaitForDelay: { Type: 'Wait', SecondsPath: '$.plan.delaySeconds', Next: 'CheckMailable' },
        CheckMailable: task('${CheckSurveyMailableFunctionArn}', 'IsMailable', '$.mailable'),
        IsMailable: {
          Type: 'Choice',
          Choices: [{ Variable: '$.mailable.mailable', BooleanEquals: true, Next: 'SendSurvey' }],
          Default: 'NotMailable',
        },
        SendSurvey: waitForAnswer('${SendSurveyFunctionArn}', false, '$.plan.firstWaitSeconds', 'ReminderDue'),
        ReminderDue: {
          Type: 'Choice',
          Choices: [{ Variable: '$.plan.hasReminder', BooleanEquals: true, Next: 'SendReminder' }],
          Default: 'ExpireSurvey',
        },
        SendReminder: waitForAnswer('${SendSurveyFunctionArn}', true, '$.plan.reminderWaitSeconds', 'ExpireSurvey'),
        ExpireSurvey: task('${ExpireSurveyFunctionArn}', 'NoAnswer', '$.expired'),
        ByCategory: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.answer.category', StringEquals: 'detractor', Next: 'FollowUpDetractor' },
            { Variable: '$.answer.category', StringEquals: 'promoter', Next: 'AskPromoterForReview' },
          ],
          Default: 'CompleteResponse',
        },
        FollowUpDetractor: task('${FollowUpDetractorFunctionArn}', 'CompleteResponse', '$.followUp'),
        AskPromoterForReview: task('${AskPromoterForReviewFunctionArn}', 'CompleteResponse', '$.review'),
        CompleteResponse: task('${CompleteSurveyResponseFunctionArn}', 'Answered', '$.completed'),
        Answered: { Type: 'Succeed' },
        NoAnswer: { Type: 'Succeed' },
        NotMailable: { Type: 'Succeed' },
        NoSurvey: { Type: 'Succeed' },
      },
    },
  };
}
