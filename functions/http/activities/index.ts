import { handler as deleteActivity } from './delete-activity.ts';
import { handler as getActivity } from './get-activity.ts';
import { handler as listActivities } from './list-activities.ts';
import { handler as logActivity } from './log-activity.ts';
import { handler as updateActivity } from './update-activity.ts';
import { routeGroup } from '../kit/route-group.ts';
import { activityRoutes } from './activity-routes.ts';

/** The Lambda behind every activities route (see routeGroup). */
export const handler = routeGroup([
  [activityRoutes.logActivity, logActivity],
  [activityRoutes.listActivities, listActivities],
  [activityRoutes.getActivity, getActivity],
  [activityRoutes.updateActivity, updateActivity],
  [activityRoutes.deleteActivity, deleteActivity],
]);
