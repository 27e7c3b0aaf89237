import { replaceSettings } from '#shared/settings/settings.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { scoringRoutes } from './scoring-routes.ts';

export const handler = httpHandler(scoringRoutes.putScoringModel, async ({ body, event }) => {
  const model = await replaceSettings(deps().scoringModel, body, deps().context, expectedVersionFrom(event));
  return json(200, model, { etag: etagOf(model) });
});
