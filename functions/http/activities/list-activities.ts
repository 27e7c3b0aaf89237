import { listActivities } from '#shared/activities/activity.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { activityRoutes } from './activity-routes.ts';

export const handler = httpHandler(activityRoutes.listActivities, async ({ query }) =>
  json(200, await listActivities(deps(), query)),
);
