/** A minimal client for the Relay API, used by the command-line tools. */
export interface ApiClient {
  /** `retry`: whether throttling and server errors are retried (only for requests that are safe to repeat). */
  send<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    body?: unknown,
    options?: { retry: boolean },
  ): Promise<T>;
}

/** The API answered with an error status (the body is its problem+json). */
export class ApiRequestFailed extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`${path} answered ${status}: ${body}`);
    this.name = 'ApiRequestFailed';
  }
}

/** Whether a request that failed this way may succeed if sent again: a network failure, throttling or a 5xx. */
export const isTransientFailure = (error: unknown): boolean =>
  error instanceof ApiRequestFailed ? error.status === 429 || error.status >= 500 : error instanceof TypeError;

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * The API at `apiUrl` with a bearer token: the one given, RELAY_TOKEN, or, for the local stack only,
 * the dev token of `localUser` fetched from /_local/tokens.
 */
export async function connect(apiUrl: string, token: string | undefined, localUser: string): Promise<ApiClient> {
  let bearer = token ?? process.env.RELAY_TOKEN;
  if (!bearer && isLoopback(apiUrl)) {
    const response = await fetch(new URL('/_local/tokens', apiUrl)).catch(() => undefined);
    if (!response?.ok) throw new Error(`No Relay answered at ${apiUrl}. Start it with \`npm start\`, or pass --api.`);
    bearer = ((await response.json()) as Record<string, string>)[localUser];
  }
  if (!bearer)
    throw new Error('Pass --token or set RELAY_TOKEN (a Cognito access token with the marketing or admin role).');
  const client: ApiClient = {
    async send<T>(method: string, path: string, body?: unknown, options = { retry: method !== 'POST' }): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(new URL(path, apiUrl), {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            authorization: `Bearer ${bearer}`,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (options.retry && (response.status === 429 || response.status >= 500) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt + Math.random() * 100));
          continue;
        }
        const text = await response.text();
        if (!response.ok) throw new ApiRequestFailed(path, response.status, text);
        return JSON.parse(text) as T;
      }
    },
  };
  return client;
}
