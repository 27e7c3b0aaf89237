import { httpHandler } from '../kit/http-handler.ts';
import { decorateFormResponse } from './form-responses.ts';
import { formRoutes } from './form-routes.ts';

/** CORS preflight: 204, with allow headers only for the form's own origins (added by decorateFormResponse). */
export const handler = httpHandler(formRoutes.formPreflight, async () => ({ statusCode: 204 }), { decorate: decorateFormResponse });
