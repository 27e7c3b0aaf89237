import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { stageConfig } from '#infra/config/stages.ts';
import { grantsByEntry, type FunctionGrants } from '#infra/function-grants.ts';
import { scopeEnvironment, withGrants } from './least-privilege.ts';

export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

let deployed: Map<string, FunctionGrants> | undefined;

/** What the function deployed from `entry` may do (the local stack runs the dev stage). */
export function grantsOf(entry: string): FunctionGrants {
  if (!deployed) {
    deployed = grantsByEntry(stageConfig('dev'));
    scopeEnvironment([...deployed.values()].flatMap((fn) => fn.environment));
  }
  const grants = deployed.get(entry);
  if (grants) return grants;
  // A handler the tests bring (test/support/handlers) is deployed nowhere: it may call no AWS action at all.
  if (entry.startsWith('test/')) return { id: entry, entry, environment: [], actions: [] };
  throw new Error(`No Lambda is deployed from ${entry}: declare it in infra/function-grants.ts`);
}

/**
 * Imports the `handler` export of a module given relative to the repository root (as routes and
 * workflows name them). Each invocation may only make the AWS calls that its function's role allows
 * (`grants`, by default those of the function deployed from `entry`); any other fails with
 * AccessDeniedException, as in AWS.
 */
export async function loadHandler(entry: string, grants: FunctionGrants = grantsOf(entry)): Promise<LambdaHandler> {
  // Imported with its grants too, so what a module reads from the environment as it loads is scoped as well.
  const url = pathToFileURL(resolve(repositoryRoot, entry)).href;
  const module = (await withGrants(grants, () => import(url))) as { handler?: LambdaHandler };
  const handler = module.handler;
  if (typeof handler !== 'function') throw new Error(`${entry} does not export a handler`);
  return async (event, context) => {
    try {
      return await withGrants(grants, () => handler(event, context));
    } finally {
      for (const listener of invocationListeners) listener();
    }
  };
}

const invocationListeners = new Set<() => void>();

/**
 * Calls `listener` after every invocation of a handler in this process ends, however it ends (the local
 * outbox poller sweeps then, where a DynamoDB stream would deliver the invocation's writes). Returns a
 * function that removes it.
 */
export function afterEveryInvocation(listener: () => void): () => void {
  invocationListeners.add(listener);
  return () => invocationListeners.delete(listener);
}
