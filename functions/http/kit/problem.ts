import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#shared/errors.ts';

/** Problem type URIs are stable identifiers clients can switch on (RFC 9457 §3.1.1). */
export const problemTypeUri = (slug: string) => `urn:relay:problem:${slug}`;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemResponse(problem: ProblemDocument): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
}

/** The problem document for any thrown value; unknown errors become a 500 that reveals nothing. */
export function problemFor(error: unknown, instance: string | undefined): ProblemDocument {
  if (error instanceof DomainError) {
    return {
      type: problemTypeUri(error.slug),
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      ...error.extensions,
    };
  }
  return {
    type: problemTypeUri('internal-error'),
    title: 'Something went wrong on our side',
    status: 500,
    detail: 'The request was not completed. It is safe to retry.',
    ...(instance ? { instance } : {}),
  };
}
