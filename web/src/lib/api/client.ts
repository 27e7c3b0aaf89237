import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { asProblem, ProblemError } from './problem';

export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * The typed API client (types generated from docs/openapi.json by openapi-typescript). Every request
 * carries the signed-in user's bearer token; every refusal becomes a ProblemError with the API's
 * problem+json, so screens show the API's own detail and field errors.
 */
export function createApiClient(
  baseUrl: string,
  accessToken: () => string | undefined,
  onUnauthorized: () => void,
): ApiClient {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = accessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return response;
      if (response.status === 401) onUnauthorized();
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => undefined);
      throw new ProblemError(asProblem(response.status, body));
    },
  };
  client.use(auth);
  return client;
}

/** The data of a successful call (openapi-fetch's `{ data }`); failures already threw a ProblemError. */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined && result.response.status !== 204)
    throw new ProblemError(asProblem(result.response.status, result.error));
  return result.data as T;
}

/** The version to send back in If-Match, from a response's ETag. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('etag') ?? undefined;
}
