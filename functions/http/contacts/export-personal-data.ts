import { exportPersonalData } from '#shared/privacy/personal-data-export.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.exportPersonalData, async ({ path }) => {
  const held = await exportPersonalData(deps(), path.contactId);
  // Personal data: no shared cache or browser cache may keep a copy.
  return json(200, held, { 'cache-control': 'no-store' });
});
