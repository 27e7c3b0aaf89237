import { saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { slaSettingsRoutes } from './sla-settings-routes.ts';

export const handler = httpHandler(slaSettingsRoutes.putSlaSettings, async ({ body, event }) => {
  const settings = await saveSlaSettings(deps(), body, expectedVersionFrom(event));
  return json(200, settings, { etag: etagOf(settings) });
});
