import { getForm } from '#shared/forms/form.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { formRoutes } from './form-routes.ts';

export const handler = httpHandler(formRoutes.getForm, async ({ path }) => {
  const form = await getForm(deps(), path.formId);
  return json(200, form, { etag: etagOf(form) });
});
