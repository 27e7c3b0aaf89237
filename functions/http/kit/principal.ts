import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { roles, type Principal, type Role } from '#shared/auth/principal.ts';
import { Unauthenticated } from '#shared/errors.ts';

type JwtAuthorizerContext = {
  jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: string[] | null };
};

/**
 * API Gateway's JWT authorizer has already verified the token; we read who it is from the claims it
 * passes on. Array claims arrive flattened as "[admin sales]", so both forms are accepted.
 * Users get roles from `cognito:groups`; machine clients from `relay/<role>` scopes.
 */
export function principalFrom(event: APIGatewayProxyEventV2): Principal {
  const jwt = (event.requestContext as { authorizer?: JwtAuthorizerContext }).authorizer?.jwt;
  const claims = jwt?.claims;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string') throw new Unauthenticated('This route needs a bearer token.');
  const groups = listClaim(claims['cognito:groups']);
  const scopes = jwt?.scopes ?? listClaim(claims.scope, ' ');
  const fromScopes = scopes.filter((scope) => scope.startsWith('relay/')).map((scope) => scope.slice('relay/'.length));
  const granted = [...new Set([...groups, ...fromScopes])].filter((role): role is Role =>
    (roles as readonly string[]).includes(role),
  );
  return { kind: groups.length > 0 || claims.username ? 'user' : 'client', subject, roles: granted };
}

/** The user's name in the user pool: `username` on Cognito access tokens, `cognito:username` on ID tokens. */
export function usernameFrom(event: APIGatewayProxyEventV2): string | undefined {
  const claims = (event.requestContext as { authorizer?: JwtAuthorizerContext }).authorizer?.jwt?.claims;
  const username = claims?.username ?? claims?.['cognito:username'];
  return typeof username === 'string' && username !== '' ? username : undefined;
}

function listClaim(value: unknown, separator: string | RegExp = /[\s,]+/): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  const inner = value.trim().replace(/^\[(.*)\]$/, '$1');
  return inner
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}
