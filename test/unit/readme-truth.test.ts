import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { repositoryRoot } from '#infra/paths.ts';

const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');

/** `/contacts/{contactId}/score` → `/contacts/{id}/score`: the README calls a route's first path parameter `{id}`. */
const readmePath = (path: string): string =>
  path.replace(/\{(\w+)\}/g, (_whole, name: string, offset: number, full: string) =>
    // A nested resource keeps its own name (`/enrollments/{contactId}`, `/versions/{n}`); the first id is `{id}`.
    full.indexOf('{') === offset ? '{id}' : name === 'number' ? '{n}' : `{${name}}`,
  );

/** Every `METHOD[/METHOD…] /path` in a code span of `text`, as "METHOD /path" pairs (query strings dropped). */
function routesNamedIn(text: string): Set<string> {
  const named = new Set<string>();
  for (const [, span] of text.matchAll(/`([^`]+)`/g)) {
    const match = /^((?:GET|POST|PUT|PATCH|DELETE|OPTIONS)(?:\/(?:GET|POST|PUT|PATCH|DELETE|OPTIONS))*) (\/\S*)$/.exec(
      span!,
    );
    if (!match) continue;
    const path = match[2]!.split('?')[0]!;
    for (const method of match[1]!.split('/')) named.add(`${method} ${path}`);
  }
  return named;
}

const section = (heading: string) => {
  const start = readme.indexOf(`\n${heading}\n`);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  return readme.slice(start, end);
};

describe('the README tells the truth about the API', () => {
  const apiSection = section('## API');
  const routeKeys = httpRoutes.map((route) => `${route.method} ${readmePath(route.path)}`);

  it('names every route of the route table in its API table, and no route that does not exist', () => {
    const named = routesNamedIn(apiSection.slice(0, apiSection.indexOf('**Segments.**')));
    expect(routeKeys.filter((key) => !named.has(key))).toEqual([]);
    expect([...named].filter((key) => !routeKeys.includes(key))).toEqual([]);
  });

  it('lists exactly the public routes', () => {
    const sentence = apiSection.split('\n').find((line) => line.startsWith('The public routes are'))!;
    const publicRoutes = httpRoutes
      .filter((route) => route.access === 'public')
      .map((route) => `${route.method} ${readmePath(route.path)}`);
    expect([...routesNamedIn(sentence)].sort()).toEqual(publicRoutes.sort());
  });
});
