import * as z from 'zod';
import { enrollSegmentPage } from '#shared/campaigns/segment-enrollment.service.ts';
import { enrollmentDeps } from '../timed-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';
import { ExecutionContext, oncePerFiring } from '../timers/fired-once.ts';

const Input = z.object({
  campaignId: z.string(),
  segmentId: z.string(),
  startAt: z.iso.datetime(),
  page: z.object({ offset: z.number().int().min(0), nextCursor: z.string().optional() }),
  execution: ExecutionContext.optional(),
});

/** SES sends per second the account may make (SES_SENDS_PER_SECOND); first emails are spread to it. */
const sendsPerSecond = Number(process.env.SES_SENDS_PER_SECOND ?? 14);

/** Task of the segment-enrollment workflow: enroll one page of the segment (a duplicate start enrolls none). */
export const handler = taskHandler(Input, ({ campaignId, segmentId, startAt, page, execution }) =>
  oncePerFiring(
    execution?.Input.firing,
    execution?.Id ?? '',
    () =>
      enrollSegmentPage(enrollmentDeps(), {
        campaignId,
        segmentId,
        startAt,
        sendsPerSecond,
        offset: page.offset,
        ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
      }),
    () => ({ offset: page.offset, enrolled: 0, skipped: 0, duplicate: true }),
  ),
);
