import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Imports the `handler` export of a module given relative to the repository root (as routes and workflows name them). */
export async function loadHandler(entry: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(resolve(repositoryRoot, entry)).href)) as { handler?: LambdaHandler };
  if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
  return module.handler;
}
