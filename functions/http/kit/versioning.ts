import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ValidationFailed } from '#shared/errors.ts';
import { header } from './request.ts';

/** The ETag of a versioned entity: its version number as a strong validator. */
export const etagOf = (entity: { version: number }) => `"${entity.version}"`;

/**
 * The version a client expects from If-Match (absent or "*" means any).
 * Lets clients do optimistic concurrency with plain HTTP.
 */
export function expectedVersionFrom(event: APIGatewayProxyEventV2): number | undefined {
  const ifMatch = header(event, 'if-match')?.trim();
  if (ifMatch === undefined || ifMatch === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(ifMatch);
  if (!match) {
    throw new ValidationFailed('If-Match must be an ETag this API returned, such as "3".', [
      { pointer: '/headers/if-match', message: 'not an ETag' },
    ]);
  }
  return Number(match[1]);
}
