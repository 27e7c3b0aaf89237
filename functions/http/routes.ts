import { contactRoutes } from './contacts/contact-routes.ts';
import type { RouteSpec } from './kit/route.ts';

/**
 * The HTTP API's route table: CDK creates one Lambda and one API route per entry, the local server
 * dispatches to the very same modules, and the OpenAPI document is generated from it.
 */
export const httpRoutes: readonly RouteSpec[] = [...Object.values(contactRoutes)];
