import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '#functions/http/openapi/openapi-document.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { repositoryRoot } from '#infra/paths.ts';

/** Writes docs/openapi.json from the route table (a test fails when the committed copy is stale). */
export const openApiPath = join(repositoryRoot, 'docs', 'openapi.json');
export const renderOpenApi = () => `${JSON.stringify(openApiDocument(httpRoutes), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(join(repositoryRoot, 'docs'), { recursive: true });
  writeFileSync(openApiPath, renderOpenApi());
  console.log(`Wrote ${openApiPath} (${httpRoutes.length} routes)`);
}
