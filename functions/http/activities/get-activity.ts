import { getActivity } from '#shared/activities/activity.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { activityRoutes } from './activity-routes.ts';

export const handler = httpHandler(activityRoutes.getActivity, async ({ path }) => {
  const activity = await getActivity(deps(), path.activityId);
  return json(200, activity, { etag: etagOf(activity) });
});
