import { logActivity } from '#shared/activities/activity.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { activityRoutes } from './activity-routes.ts';

export const handler = httpHandler(activityRoutes.logActivity, async ({ body, principal }) => {
  const activity = await logActivity(deps(), body, await actorFor(principal));
  return json(201, activity, { location: `/activities/${activity.id}`, etag: etagOf(activity) });
});
