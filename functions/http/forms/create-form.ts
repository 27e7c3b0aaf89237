import { createForm } from '#shared/forms/form.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { formRoutes } from './form-routes.ts';

export const handler = httpHandler(formRoutes.createForm, async ({ body }) => {
  const form = await createForm(deps(), body);
  return json(201, form, { location: `/forms/${form.id}`, etag: etagOf(form) });
});
