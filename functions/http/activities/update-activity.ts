import { updateActivity } from '#shared/activities/activity.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { activityRoutes } from './activity-routes.ts';

export const handler = httpHandler(activityRoutes.updateActivity, async ({ path, body, principal, event }) => {
  const activity = await updateActivity(
    deps(),
    path.activityId,
    body,
    await actorFor(principal),
    expectedVersionFrom(event),
  );
  return json(200, activity, { etag: etagOf(activity) });
});
