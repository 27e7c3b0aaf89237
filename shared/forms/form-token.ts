import { createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';

/** The form-token keys: the current one signs, and the previous one is still accepted while keys rotate. */
export interface FormTokenSecrets {
  formTokenKey: string;
  previousFormTokenKey?: string;
}

/** How long a rendered form can be submitted: a page left open over a working day still works. */
export const formTokenLifetimeSeconds = 24 * 3600;
const issuer = 'relay:forms';
const algorithm = 'HS256';

/** A key's public name (the JWT `kid`): a hash of the key, so it names the key without revealing it. */
export const formTokenKid = (key: string) => createHash('sha256').update(`kid:${key}`).digest('base64url').slice(0, 16);

const secretOf = (key: string) => new TextEncoder().encode(key);

/**
 * A form token (a JWT, HS256): `aud` is the form, `iat` when the page was rendered (with its
 * milliseconds, for the fill-time check), `exp` a day later, and the `kid` header names the key.
 */
export function signFormToken(secrets: FormTokenSecrets, formId: string, issuedAt: Date): Promise<string> {
  const iat = issuedAt.getTime() / 1000;
  return new SignJWT({})
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: formTokenKid(secrets.formTokenKey) })
    .setIssuer(issuer)
    .setAudience(formId)
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(iat) + formTokenLifetimeSeconds)
    .sign(secretOf(secrets.formTokenKey));
}

/**
 * When the token for this form was issued (epoch ms), or undefined when it is not one: malformed,
 * tampered, signed by an unknown key (`kid`), for another form, expired or issued in the future.
 */
export async function verifyFormToken(
  secrets: FormTokenSecrets,
  token: string,
  formId: string,
  now: Date,
): Promise<{ issuedAt: number } | undefined> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return undefined;
  }
  const key = [secrets.formTokenKey, secrets.previousFormTokenKey].find(
    (candidate) => candidate !== undefined && formTokenKid(candidate) === kid,
  );
  if (!key) return undefined;
  try {
    const { payload } = await jwtVerify(token, secretOf(key), {
      algorithms: [algorithm],
      issuer,
      audience: formId,
      currentDate: now,
      requiredClaims: ['iat', 'exp', 'aud'],
    });
    const issuedAt = (payload.iat as number) * 1000;
    // A token from the future (a clock far off, or a forged iat under a leaked key) proves no fill time.
    return issuedAt > now.getTime() + 60_000 ? undefined : { issuedAt };
  } catch {
    return undefined;
  }
}
