import { issueFormToken } from '#shared/forms/form.service.ts';
import { deps } from '../../dependencies.ts';
import { appSecrets } from '../../secrets.ts';
import { json } from '../kit/http-handler.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { decorateFormResponse } from './form-responses.ts';
import { formRoutes } from './form-routes.ts';

export const handler = publicHttpHandler(
  formRoutes.formToken,
  async ({ path }) =>
    json(200, await issueFormToken(deps(), path.formId, await appSecrets()), {
      'cache-control': 'no-store',
    }),
  { decorate: decorateFormResponse },
);
