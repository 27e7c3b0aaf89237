/** Who is signed in, from the access token's claims (the API checks the same token). */
export interface Session {
  accessToken: string;
  subject: string;
  username: string;
  roles: string[];
  expiresAt: number;
}

/** Reads a JWT's payload without verifying it: the API verifies; the console only needs to show who. */
export function sessionFromToken(accessToken: string): Session {
  const payload = accessToken.split('.')[1];
  if (!payload) throw new Error('Not a JWT');
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)),
  );
  const claims = JSON.parse(json) as Record<string, unknown>;
  const groups = claims['cognito:groups'];
  return {
    accessToken,
    subject: String(claims.sub ?? ''),
    username: String(claims.username ?? claims['cognito:username'] ?? claims.sub ?? ''),
    roles: Array.isArray(groups) ? groups.map(String) : [],
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY,
  };
}
