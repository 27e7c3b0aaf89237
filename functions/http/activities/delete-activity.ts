import { deleteActivity } from '#shared/activities/activity.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { activityRoutes } from './activity-routes.ts';

export const handler = httpHandler(activityRoutes.deleteActivity, async ({ path, principal, event }) => {
  await deleteActivity(deps(), path.activityId, await actorFor(principal), expectedVersionFrom(event));
  return noContent();
});
