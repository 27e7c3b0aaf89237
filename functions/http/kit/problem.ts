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
  const retryAfter: Record<string, string> =
    typeof problem.retryAfterSeconds === 'number' ? { 'retry-after': String(problem.retryAfterSeconds) } : {};
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...retryAfter },
    body: JSON.stringify(problem),
  };
}

const throttlingErrorNames = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Throttling',
]);

/** An AWS service refused for load after the SDK's own retries: the client should come back shortly, not report a bug. */
function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    throttlingErrorNames.has(error.name) ||
    (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true ||
    reasons.some((reason) => reason.Code === 'ThrottlingError')
  );
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
  if (isThrottling(error)) {
    return {
      type: problemTypeUri('temporarily-unavailable'),
      title: 'Busy right now',
      status: 503,
      detail: 'Relay is handling more requests than it can take this moment. Nothing was saved; retry shortly.',
      retryAfterSeconds: 2,
      ...(instance ? { instance } : {}),
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
