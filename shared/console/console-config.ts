import * as z from 'zod/mini';

/**
 * What the console reads from `/config.json` at start: where the API is and how to sign in. In AWS the
 * stack writes it at deploy from its outputs; locally `npm start` serves it. One schema for both sides.
 * Written with zod/mini, which tree-shakes: the console parses it before its first screen, where every
 * kilobyte counts (zod's classic API would add about 50 KB gzipped to that screen).
 */
export const LocalSignIn = z.object({
  mode: z.literal('local'),
  /** The local stand-in for Cognito: lists the dev users (GET) ... */
  devUsersUrl: z.url(),
  /** ... and issues the same kind of access token Cognito would (POST {"user"}). */
  tokenUrl: z.url(),
});

export const CognitoSignIn = z.object({
  mode: z.literal('cognito'),
  /** The user pool's issuer URL (OIDC discovery lives below it). */
  authority: z.url(),
  clientId: z.string().check(z.minLength(1)),
  /** The managed login's domain (https://<prefix>.auth.<region>.amazoncognito.com). */
  domain: z.url(),
  redirectUri: z.url(),
  postLogoutRedirectUri: z.url(),
});

export const ConsoleConfig = z.object({
  apiUrl: z.url(),
  auth: z.discriminatedUnion('mode', [LocalSignIn, CognitoSignIn]),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
