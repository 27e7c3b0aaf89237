import { listForms } from '#shared/forms/form.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { formRoutes } from './form-routes.ts';

export const handler = httpHandler(formRoutes.listForms, async ({ query }) => {
  return json(200, await listForms(deps(), query));
});
