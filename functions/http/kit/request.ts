import { isIP } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseJsonOwnKeys } from '#shared/common/own-keys.ts';
import { PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#shared/errors.ts';
import { toPointer } from '../../kit/validate.ts';

/** JSON request bodies above this are refused before parsing. */
export const maxJsonBodyBytes = 256 * 1024;

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

/** The header CloudFront adds with the viewer's address (an origin request policy must forward it: infra/constructs/edge.ts). */
export const viewerAddressHeader = 'cloudfront-viewer-address';

/**
 * The IP in a `CloudFront-Viewer-Address` value, which is `<ip>:<source port>`: `198.51.100.10:46532`,
 * or for IPv6 the address unbracketed before the last colon (`2001:db8::1:443`; `[2001:db8::1]:443`
 * is read too). IPv6 comes back in its one canonical form (lower case, zeros compressed), so one
 * viewer is one rate-limit bucket however the address was spelled. Anything else is undefined.
 */
export function viewerAddressIp(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const separator = text.lastIndexOf(':');
  const [ip, port] = bracketed
    ? [bracketed[1] ?? '', bracketed[2] ?? '']
    : [text.slice(0, separator), text.slice(separator + 1)];
  if (separator < 0 || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version === 6 && !ip.includes('%')) return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  return undefined;
}

/**
 * The client's IP address. Through the edge (`viaEdge`: the request carried CloudFront's secret
 * origin header, checked by publicHttpHandler), API Gateway's source IP is a CloudFront server's, so
 * the viewer's comes from `CloudFront-Viewer-Address`, which CloudFront sets itself. Without that
 * proof the header is never read: any client can send one.
 */
export function clientIp(event: APIGatewayProxyEventV2, viaEdge: boolean): string {
  const viewer = viaEdge ? viewerAddressIp(header(event, viewerAddressHeader)) : undefined;
  return viewer ?? event.requestContext.http.sourceIp;
}

/** The raw body bytes as the client sent them (API Gateway may base64-encode them). */
export function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** Parses a JSON body: 415 unless JSON, 413 when too large, 400 when malformed or holding a `__proto__` key (with where). */
export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaType('Send the body as application/json.', { accepted: ['application/json'] });
  }
  const bytes = rawBody(event);
  if (bytes.length > maxJsonBodyBytes) {
    throw new PayloadTooLarge(`The body is ${bytes.length} bytes; the limit is ${maxJsonBodyBytes}.`, {
      limitBytes: maxJsonBodyBytes,
    });
  }
  try {
    return parseJsonOwnKeys(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof ValidationFailed) throw error;
    throw new ValidationFailed(`The body is not valid JSON: ${(error as Error).message}`, [
      { pointer: '', message: 'malformed JSON' },
    ]);
  }
}

/** Form posts are refused above this, before parsing. */
export const maxFormBodyBytes = 64 * 1024;

/**
 * A form post's fields, from `application/x-www-form-urlencoded` (plain HTML forms) or a flat JSON
 * object (numbers and booleans read as their text; a nested object or array is 400): 415 for anything
 * else, 413 above 64 KiB. Repeated fields keep their last value.
 */
export function parseFormBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const contentType = (header(event, 'content-type') ?? '').toLowerCase();
  const isJson = /^application\/([\w.+-]+\+)?json\s*(;|$)/.test(contentType);
  const isUrlEncoded = /^application\/x-www-form-urlencoded\s*(;|$)/.test(contentType);
  if (!isJson && !isUrlEncoded) {
    throw new UnsupportedMediaType('Post the form as application/x-www-form-urlencoded or application/json.', {
      accepted: ['application/x-www-form-urlencoded', 'application/json'],
    });
  }
  const bytes = rawBody(event);
  if (bytes.length > maxFormBodyBytes) {
    throw new PayloadTooLarge(`The form is ${bytes.length} bytes; the limit is ${maxFormBodyBytes}.`, {
      limitBytes: maxFormBodyBytes,
    });
  }
  if (isUrlEncoded) return Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
  const parsed = parseJsonBody(event);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationFailed('Post the form fields as one JSON object.', [{ pointer: '', message: 'not an object' }]);
  }
  // Re-serialising a nested value would also overflow the stack on deep nesting (a 500 instead of a 400).
  const nested = Object.keys(parsed).filter(
    (name) =>
      typeof (parsed as Record<string, unknown>)[name] === 'object' &&
      (parsed as Record<string, unknown>)[name] !== null,
  );
  if (nested.length) {
    throw new ValidationFailed(
      'Post the form fields as one flat JSON object: each value a string, number or boolean.',
      nested.map((name) => ({ pointer: toPointer([name]), message: 'not a string, number or boolean' })),
    );
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

/** Whether the client posted a plain HTML form (and so expects a page or redirect, not JSON). */
export const isHtmlFormPost = (event: APIGatewayProxyEventV2) =>
  /^application\/x-www-form-urlencoded/i.test(header(event, 'content-type') ?? '');
