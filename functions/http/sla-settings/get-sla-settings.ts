import { readSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { slaSettingsRoutes } from './sla-settings-routes.ts';

export const handler = httpHandler(slaSettingsRoutes.getSlaSettings, async () => {
  const settings = await readSlaSettings(deps());
  return json(200, settings, { etag: etagOf(settings) });
});
