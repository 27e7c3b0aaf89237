import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '#infra/paths.ts';

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = ['shared', 'functions', 'workflows', 'local', 'cli'].flatMap((dir) =>
  sourceFiles(join(repositoryRoot, dir)),
);
const read = (path: string) => readFileSync(path, 'utf8');
const rel = (path: string) => relative(repositoryRoot, path);

describe('architecture rules', () => {
  it('never scans the table: every access pattern is a key or index query', () => {
    expect(files.filter((path) => /\bScanCommand\b|\.scan\(/.test(read(path))).map(rel)).toEqual([]);
  });

  it('keeps the rules and schemas of the domain core free of AWS imports', () => {
    const pure = files.filter(
      (path) => rel(path).startsWith('shared/') && /\.(rules|schema)\.ts$|\/(common|auth)\//.test(path),
    );
    expect(pure.length).toBeGreaterThan(10);
    expect(pure.filter((path) => /from '@aws-sdk|from 'aws-cdk-lib/.test(read(path))).map(rel)).toEqual([]);
  });

  it('builds table keys only in shared/db/keys.ts', () => {
    const keyLiteral = /['`](CONTACT|COMPANY|DEAL|PIPELINE|ACTIVITY|OWNER|TEAM|SEGMENT|OUTBOX|TERRITORY)(_[A-Z]+)?#/;
    expect(files.filter((path) => !path.endsWith('shared/db/keys.ts') && keyLiteral.test(read(path))).map(rel)).toEqual(
      [],
    );
  });

  it('reads maps of user-supplied keys by own key only: no map[key], key in map or Object.assign onto one', () => {
    // Code without comments and string literals, so prose and messages do not count.
    const code = (path: string) =>
      read(path)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
    const userMaps = 'customFields|fieldMapping|details|fields|secretsBySource|webhookSources|aliases|readers';
    const offences = [
      // `contact.customFields[name]` finds Object's constructor for name = 'constructor': use ownValue().
      new RegExp(`\\b(${userMaps})\\??\\.?\\[(?!'')(?!\\d)`),
      // `name in map` is true for every name on the prototype: use Object.hasOwn().
      /[\w)\]]\s+in\s+[\w(]/,
      // Object.assign sets `__proto__` as the prototype: spread into a new object instead.
      new RegExp(`Object\\.assign\\([^)]*\\b(${userMaps})\\b`),
    ];
    const found = files.flatMap((path) =>
      code(path)
        .split('\n')
        .filter(
          (line) =>
            !/for \((const|let) \w+ in |\[\w+ in keyof /.test(line) && offences.some((offence) => offence.test(line)),
        )
        .map((line) => `${rel(path)}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('keeps HTTP handlers thin: no handler talks to DynamoDB itself', () => {
    const handlers = files.filter((path) => rel(path).startsWith('functions/http/') && !rel(path).includes('/kit/'));
    expect(handlers.filter((path) => /@aws-sdk\/(client-dynamodb|lib-dynamodb)/.test(read(path))).map(rel)).toEqual([]);
  });
});
