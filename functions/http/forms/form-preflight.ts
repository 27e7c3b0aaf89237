import { publicHttpHandler } from '../kit/public-handler.ts';
import { decorateFormResponse } from './form-responses.ts';
import { formRoutes } from './form-routes.ts';

/** CORS preflight: 204, with allow headers only for the form's own origins (added by decorateFormResponse). */
export const handler = publicHttpHandler(formRoutes.formPreflight, async () => ({ statusCode: 204 }), {
  decorate: decorateFormResponse,
});
