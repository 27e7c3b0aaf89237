import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { claimsAsApiGatewayPassesThem, localClientId, localIssuer, startDevAuth } from '../../local/dev-auth.ts';

describe('the local JWT authorizer', async () => {
  const auth = await startDevAuth();
  const bearer = (token: string) => `Bearer ${token}`;

  it('accepts the tokens it issues, with Cognito-shaped claims', async () => {
    const token = await auth.issue({ subject: 'u1', username: 'ada', groups: ['sales'] });
    const claims = await auth.verify(bearer(token));
    expect(claims).toMatchObject({
      sub: 'u1',
      'cognito:groups': ['sales'],
      client_id: localClientId,
      token_use: 'access',
      iss: localIssuer,
    });
    expect(claimsAsApiGatewayPassesThem(claims ?? {})).toMatchObject({ 'cognito:groups': '[sales]', sub: 'u1' });
  });

  it('refuses a missing, malformed, foreign-signed, expired or wrong-audience token', async () => {
    expect(await auth.verify(undefined)).toBeUndefined();
    expect(await auth.verify('Basic abc')).toBeUndefined();
    expect(await auth.verify(bearer('not.a.jwt'))).toBeUndefined();
    const { privateKey: foreignKey } = await generateKeyPair('ES256');
    const sign = (claims: Record<string, unknown>, expiresAt: string | number = '1h', key = foreignKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(localIssuer)
        .setSubject('u1')
        .setExpirationTime(expiresAt)
        .sign(key);
    expect(await auth.verify(bearer(await sign({ client_id: localClientId })))).toBeUndefined();
    const admin = { subject: 'u1', username: 'x', groups: ['admin' as const] };
    const expired = await auth.issue(admin, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    expect(await auth.verify(bearer(expired))).toBeUndefined();
    const otherAudience = await auth.issue(admin, { clientId: 'some-other-app' });
    expect(await auth.verify(bearer(otherAudience))).toBeUndefined();
    const fromAnotherPool = await (await startDevAuth()).issue(admin);
    expect(await auth.verify(bearer(fromAnotherPool))).toBeUndefined();
  });
});
