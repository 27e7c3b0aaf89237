import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Small HMAC-signed tokens (form tokens, consent confirmation links): base64url(JSON payload) + "." +
 * base64url(HMAC-SHA256). Tampering with either part makes `verify` return undefined.
 */
export function signToken(payload: Record<string, unknown>, key: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

export function verifyToken<T extends Record<string, unknown>>(token: string | undefined, key: string): T | undefined {
  const [body, signature, extra] = (token ?? '').split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function mac(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
