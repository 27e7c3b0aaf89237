import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#shared/errors.ts';

/** JSON request bodies above this are refused before parsing. */
export const maxJsonBodyBytes = 256 * 1024;

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

/** The raw body bytes as the client sent them (API Gateway may base64-encode them). */
export function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** Parses a JSON body: 415 unless JSON, 413 when too large, 400 when malformed (with where). */
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
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ValidationFailed(`The body is not valid JSON: ${(error as Error).message}`, [
      { pointer: '', message: 'malformed JSON' },
    ]);
  }
}
