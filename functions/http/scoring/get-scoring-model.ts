import { readSettings } from '#shared/settings/settings.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { scoringRoutes } from './scoring-routes.ts';

export const handler = httpHandler(scoringRoutes.getScoringModel, async () => {
  const model = await readSettings(deps().scoringModel, 'scoring model');
  return json(200, model, { etag: etagOf(model) });
});
