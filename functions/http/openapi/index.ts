import { handler as openApiDocument } from './get-openapi.ts';
import { routeGroup } from '../kit/route-group.ts';
import { openApiRoutes } from './openapi-routes.ts';

/** The Lambda behind every openapi route (see routeGroup). */
export const handler = routeGroup([[openApiRoutes.openApiDocument, openApiDocument]]);
