import { handler as countSegment } from './count-segment.ts';
import { handler as createSegment } from './create-segment.ts';
import { handler as deleteSegment } from './delete-segment.ts';
import { handler as getSegment } from './get-segment.ts';
import { handler as listSegments } from './list-segments.ts';
import { handler as previewSegment } from './preview-segment.ts';
import { handler as segmentMembers } from './segment-members.ts';
import { handler as updateSegment } from './update-segment.ts';
import { routeGroup } from '../kit/route-group.ts';
import { segmentRoutes } from './segment-routes.ts';

/** The Lambda behind every segments route (see routeGroup). */
export const handler = routeGroup([
  [segmentRoutes.createSegment, createSegment],
  [segmentRoutes.listSegments, listSegments],
  [segmentRoutes.getSegment, getSegment],
  [segmentRoutes.updateSegment, updateSegment],
  [segmentRoutes.deleteSegment, deleteSegment],
  [segmentRoutes.segmentMembers, segmentMembers],
  [segmentRoutes.countSegment, countSegment],
  [segmentRoutes.previewSegment, previewSegment],
]);
