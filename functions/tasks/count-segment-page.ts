import * as z from 'zod';
import { countSegmentPage } from '#shared/segments/segment-count.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

const Input = z.object({
  segmentId: z.string(),
  segmentVersion: z.number().int(),
  startedAt: z.iso.datetime(),
  page: z.object({ count: z.number().int(), examined: z.number().int(), nextCursor: z.string().optional() }),
});

/** Task of the segment-count workflow: count the next part of a segment too big for one request. */
export const handler = taskHandler(Input, ({ page, ...job }) => countSegmentPage(deps(), { ...job, page }));
