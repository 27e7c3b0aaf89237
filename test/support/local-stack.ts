import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { spawnLocalStack, type SpawnedStack } from '#local/spawn-stack.ts';

export type DevUser = 'admin' | 'marketing' | 'salesAda' | 'salesGrace' | 'supportSam' | 'supportNasrin';

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions reach into arbitrary JSON
}

/** A client of a local stack's API, signed in as each dev user in turn. */
export interface StackClient {
  tokens: Record<DevUser, string>;
  /** Calls the API as `as` (default admin; null = no token). A string body is sent as is. */
  api(
    method: string,
    path: string,
    body?: unknown,
    options?: { as?: DevUser | null; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
}

export interface RunningStack extends SpawnedStack, StackClient {}

/**
 * Starts the local CRM exactly as `npm start` does (same entry point), on free ports, with a client for its API.
 * It keeps its data in a fresh table of the run's shared DynamoDB Local (test/support/global-setup.ts), so no
 * test file starts a JVM of its own; `ownDynamoDb` starts one anyway, for a test of that path.
 */
export async function startLocalStack(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
  options: { ownDynamoDb?: boolean } = {},
): Promise<RunningStack> {
  const sharedDynamoDb = options.ownDynamoDb
    ? []
    : ['--dynamodb-endpoint', inject('dynamoDbEndpoint'), '--table', `e2e-${randomUUID()}`];
  const spawned = await spawnLocalStack([...sharedDynamoDb, ...extraArgs], env);
  return { ...spawned, ...(await stackClient(spawned.apiUrl)) };
}

/** A client of the stack whose API is at `apiUrl`, with the dev users' tokens that stack hands out. */
export async function stackClient(apiUrl: string): Promise<StackClient> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as Record<DevUser, string>;
  const api: StackClient['api'] = async (method, path, body, options = {}) => {
    const as = options.as === undefined ? 'admin' : options.as;
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...options.headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  };
  return { tokens, api };
}
