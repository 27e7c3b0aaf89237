import { taskRetry, type Workflow } from './workflow.ts';

/**
 * Enrolls a whole segment in a campaign, a page of 100 members per task, never one giant loop in
 * one Lambda. Standard, because a 100,000-contact segment takes longer than Express's five minutes;
 * at two transitions per page that is 2,000 transitions ($0.05) per 100,000 contacts. Each member's
 * first email is timed to the SES send rate, so the enrollment itself can go as fast as DynamoDB allows.
 */
export function segmentEnrollmentWorkflow(): Workflow {
  return {
    name: 'segment-enrollment',
    type: 'STANDARD',
    tasks: {
      EnrollSegmentPageFunctionArn: {
        entry: 'functions/tasks/enroll-segment-page.ts',
        tableAccess: 'readWrite',
        setsTimers: true,
      },
    },
    definition: {
      Comment: 'Enroll every member of a segment in a campaign, page by page.',
      StartAt: 'FirstPage',
      States: {
        FirstPage: { Type: 'Pass', Result: { offset: 0 }, ResultPath: '$.page', Next: 'EnrollPage' },
        EnrollPage: {
          Type: 'Task',
          Resource: '${EnrollSegmentPageFunctionArn}',
          Parameters: {
            'campaignId.$': '$.campaignId',
            'segmentId.$': '$.segmentId',
            'startAt.$': '$.startAt',
            'page.$': '$.page',
            // The execution's id and start input (with the timer's `firing`): a duplicate start enrolls no one.
            'execution.$': '$$.Execution',
          },
          ResultPath: '$.page',
          Retry: taskRetry,
          Next: 'MorePages',
        },
        MorePages: {
          Type: 'Choice',
          Choices: [{ Variable: '$.page.nextCursor', IsPresent: true, Next: 'EnrollPage' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
