import { updateForm } from '#shared/forms/form.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { formRoutes } from './form-routes.ts';

export const handler = httpHandler(formRoutes.updateForm, async ({ path, body, event }) => {
  const form = await updateForm(deps(), path.formId, body, expectedVersionFrom(event));
  return json(200, form, { etag: etagOf(form) });
});
