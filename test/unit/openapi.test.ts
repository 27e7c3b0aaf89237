import { readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/http/openapi/openapi-document.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { openApiPath, renderOpenApi } from '../../cli/write-openapi.ts';

describe('the OpenAPI document', () => {
  const document = openApiDocument(httpRoutes);

  it('is valid OpenAPI 3.1', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route of the route table, with its access', () => {
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId: string; security?: unknown[] }>).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        op,
      })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual(httpRoutes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of httpRoutes) {
      const operation = operations.find((o) => o.key === `${route.method} ${route.path}`)?.op;
      expect(operation?.operationId).toBe(route.name);
      expect(operation?.security).toEqual(route.access === 'public' ? [] : undefined);
    }
  });

  it('describes request bodies from the same zod schemas the handlers validate with', () => {
    const createContact = (
      document.paths?.['/contacts'] as Record<
        string,
        { requestBody?: { content: Record<string, { schema: unknown }> } }
      >
    ).post;
    const schema = JSON.stringify(createContact?.requestBody?.content['application/json']?.schema);
    expect(schema).toContain('"email"');
    expect(schema).toContain('"lifecycleStage"');
  });

  it('is committed up to date in docs/openapi.json (run npm run openapi)', () => {
    expect(readFileSync(openApiPath, 'utf8')).toBe(renderOpenApi());
  });
});
