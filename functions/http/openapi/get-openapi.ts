import { json } from '../kit/http-handler.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { httpRoutes } from '../routes.ts';
import { openApiDocument } from './openapi-document.ts';
import { openApiRoutes } from './openapi-routes.ts';

// Generated once per container: the route table does not change at run time.
let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = publicHttpHandler(openApiRoutes.openApiDocument, async () => {
  document ??= openApiDocument(httpRoutes);
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
