import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  SignJWT,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Role } from '#shared/auth/principal.ts';

/** Issuer and client id of the local stand-in for the Cognito user pool. */
export const localIssuer = 'urn:relay:local-user-pool';
export const localClientId = 'relay-local-client';
const tokenLifetime = '30d';

export interface DevAuth {
  /** Verifies a bearer token as API Gateway's JWT authorizer would; undefined when it must be refused. */
  verify(authorization: string | undefined): Promise<JWTPayload | undefined>;
  issue(
    user: { subject: string; username: string; groups: Role[] },
    options?: { expiresAt?: number | string; clientId?: string },
  ): Promise<string>;
}

/**
 * Local JWTs shaped like Cognito access tokens (sub, cognito:groups, client_id, token_use), signed
 * with an ES256 key kept beside the local data so printed tokens survive restarts.
 */
export async function startDevAuth(keyFile?: string): Promise<DevAuth> {
  const { privateKey, publicKey } = await loadOrCreateKeys(keyFile);
  return {
    async verify(authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return undefined;
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: localIssuer, algorithms: ['ES256'] });
        // API Gateway accepts a token whose `aud` or `client_id` is one of the configured audiences.
        const audiences = [payload.aud, payload.client_id].flat().filter(Boolean);
        return audiences.includes(localClientId) ? payload : undefined;
      } catch {
        return undefined;
      }
    },
    issue: ({ subject, username, groups }, options = {}) =>
      new SignJWT({
        'cognito:groups': groups,
        username,
        client_id: options.clientId ?? localClientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'relay-local' })
        .setIssuer(localIssuer)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? tokenLifetime)
        .sign(privateKey),
  };
}

async function loadOrCreateKeys(keyFile?: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
      publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey,
    };
  }
  const keys = await generateKeyPair('ES256', { extractable: true });
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(await exportJWK(keys.privateKey)), { mode: 0o600 });
  }
  return keys;
}

/** The claims as API Gateway hands them to Lambda: every value a string, arrays flattened to "[a b]". */
export function claimsAsApiGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
}
