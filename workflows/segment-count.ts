import { taskRetry, type Workflow } from './workflow.ts';

/**
 * Counts a segment too big to count within one API request, 5,000 contacts per task, and records the
 * count for `GET /segments/{id}/count`. Standard, because a million-contact partition takes longer than
 * Express's five minutes; at two transitions per task that is 400 transitions ($0.01) per million contacts.
 */
export function segmentCountWorkflow(): Workflow {
  return {
    name: 'segment-count',
    type: 'STANDARD',
    tasks: {
      CountSegmentPageFunctionArn: { entry: 'functions/tasks/count-segment-page.ts', tableAccess: 'readWrite' },
    },
    definition: {
      Comment: "Count a segment's members, page by page, and record the count.",
      StartAt: 'CountPage',
      States: {
        CountPage: {
          Type: 'Task',
          Resource: '${CountSegmentPageFunctionArn}',
          Parameters: {
            'segmentId.$': '$.segmentId',
            'segmentVersion.$': '$.segmentVersion',
            'startedAt.$': '$.startedAt',
            'page.$': '$.page',
          },
          ResultPath: '$.page',
          Retry: taskRetry,
          Next: 'MorePages',
        },
        MorePages: {
          Type: 'Choice',
          Choices: [{ Variable: '$.page.nextCursor', IsPresent: true, Next: 'CountPage' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
