import { taskRetry, type Workflow } from './workflow.ts';

/** Anything else is recorded and surfaced (Lead Processing Failed), under the failed step's name. */
const catchAs = (step: string) => [
  { ErrorEquals: ['States.ALL'], ResultPath: `$.failures.${step}`, Next: 'RecordFailure' },
];
const causation = { 'causationId.$': '$.detail.id' };
/** Scoring retries its lost version races itself; a burst that outlasts those rounds is tried again later. */
const scoreRetry = [
  ...taskRetry,
  { ErrorEquals: ['Conflict'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
];

/**
 * The lead lifecycle, on every Lead Received and Engagement Tracked: score → qualified and unowned?
 * route → email the owner and set the SLA timer; below MQL with a nurture campaign → enrollment request.
 *
 * Express, not Standard: the fast path is a handful of transitions lasting well under a second, and
 * Express bills it per request and duration instead of $25 per million transitions. The SLA wait is
 * an EventBridge Scheduler one-time timer set by NotifyOwner, not a Wait state, so no execution idles
 * for hours (Express executions may not run over five minutes anyway). Express runs at least once:
 * every task is idempotent (derived event ids, versioned writes, at-most-once email, named timers).
 */
export function leadLifecycleWorkflow(): Workflow {
  return {
    name: 'lead-lifecycle',
    type: 'EXPRESS',
    startedBy: { source: ['relay.leads'], 'detail-type': ['Lead Received', 'Engagement Tracked'] },
    tasks: {
      ScoreLeadFunctionArn: { entry: 'functions/tasks/score-lead.ts', tableAccess: 'readWrite' },
      RouteLeadFunctionArn: { entry: 'functions/tasks/route-lead.ts', tableAccess: 'readWrite' },
      NotifyLeadOwnerFunctionArn: {
        entry: 'functions/tasks/notify-lead-owner.ts',
        tableAccess: 'readWrite',
        sendsEmail: true,
        setsTimers: true,
      },
      RequestNurtureFunctionArn: { entry: 'functions/tasks/request-nurture.ts', tableAccess: 'readWrite' },
      RecordLeadFailureFunctionArn: { entry: 'functions/tasks/record-lead-failure.ts', tableAccess: 'readWrite' },
    },
    definition: {
      Comment: 'Score a lead, then route and notify it, or hand it to nurture.',
      StartAt: 'ScoreLead',
      States: {
        ScoreLead: {
          Type: 'Task',
          Resource: '${ScoreLeadFunctionArn}',
          Parameters: { 'detailType.$': "$['detail-type']", 'detail.$': '$.detail' },
          ResultPath: '$.scoring',
          Retry: scoreRetry,
          Catch: catchAs('ScoreLead'),
          Next: 'AfterScoring',
        },
        AfterScoring: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.scoring.next', StringEquals: 'route', Next: 'RouteLead' },
            { Variable: '$.scoring.next', StringEquals: 'nurture', Next: 'RequestNurture' },
          ],
          Default: 'Done',
        },
        RouteLead: {
          Type: 'Task',
          Resource: '${RouteLeadFunctionArn}',
          Parameters: { 'contactId.$': '$.detail.contactId', ...causation },
          ResultPath: '$.routing',
          Retry: taskRetry,
          Catch: catchAs('RouteLead'),
          Next: 'WasAssigned',
        },
        WasAssigned: {
          Type: 'Choice',
          Choices: [{ Variable: '$.routing.assigned', BooleanEquals: true, Next: 'NotifyOwner' }],
          Default: 'Done',
        },
        NotifyOwner: {
          Type: 'Task',
          Resource: '${NotifyLeadOwnerFunctionArn}',
          Parameters: {
            'contactId.$': '$.detail.contactId',
            'ownerId.$': '$.routing.ownerId',
            'assignedAt.$': '$.routing.assignedAt',
          },
          ResultPath: '$.notice',
          Retry: taskRetry,
          Catch: catchAs('NotifyOwner'),
          Next: 'Done',
        },
        RequestNurture: {
          Type: 'Task',
          Resource: '${RequestNurtureFunctionArn}',
          Parameters: { 'contactId.$': '$.detail.contactId', 'campaignId.$': '$.scoring.campaignId', ...causation },
          ResultPath: '$.nurture',
          Retry: taskRetry,
          Catch: catchAs('RequestNurture'),
          Next: 'Done',
        },
        RecordFailure: {
          Type: 'Task',
          Resource: '${RecordLeadFailureFunctionArn}',
          Parameters: { 'contactId.$': '$.detail.contactId', ...causation, 'failures.$': '$.failures' },
          ResultPath: '$.recorded',
          Retry: taskRetry,
          Next: 'Failed',
        },
        Failed: {
          Type: 'Fail',
          Error: 'LeadLifecycleFailed',
          Cause: 'A step failed after its retries; see the Lead Processing Failed event.',
        },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
