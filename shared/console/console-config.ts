import * as z from 'zod/mini';

/**
 * What the console reads from `/config.json` before it starts: where the API is and how people sign in.
 * In AWS the stack writes it at deploy from its outputs (infra/constructs/console.ts); locally the local
 * stack serves the `local` variant. Both sides build it against this one schema. Written with zod/mini,
 * which tree-shakes: the console parses it before its first screen, where zod's classic API would add
 * about 50 KB gzipped.
 */
export const ConsoleConfig = z.strictObject({
  /** The HTTP API's base URL, without a trailing slash. */
  apiUrl: z.url(),
  auth: z.discriminatedUnion('mode', [
    /** Cognito's managed login: authorization code flow with PKCE (a public client, no secret). */
    z.strictObject({
      mode: z.literal('cognito'),
      /** The OIDC issuer: the user pool's provider URL (its discovery document is below it). */
      authority: z.url(),
      clientId: z.string().check(z.minLength(1)),
      /** The managed login's domain, e.g. https://relay-prod.auth.eu-west-1.amazoncognito.com (its /logout ends the session). */
      domain: z.url(),
      redirectUri: z.url(),
      postLogoutRedirectUri: z.url(),
    }),
    /** The local stack: a sign-in page that lists the dev users and mints the same kind of token. */
    z.strictObject({
      mode: z.literal('local'),
      /** Lists the dev users (GET). */
      devUsersUrl: z.url(),
      /** Issues a dev user the same kind of access token Cognito would (POST {"user"}). */
      tokenUrl: z.url(),
    }),
  ]),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

/** The path, relative to the console's origin, that Cognito sends people back to after sign-in. */
export const consoleCallbackPath = '/auth/callback';
