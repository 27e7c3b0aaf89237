/**
 * Typed domain errors. The core throws them; one HTTP middleware maps them to RFC 9457 problem+json.
 * `slug` becomes the problem type URI, so integrators can switch on it.
 */
export interface FieldError {
  /** JSON Pointer (RFC 6901) to the offending field, e.g. "/customFields/plan". */
  pointer: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  /** Extra members for the problem document (RFC 9457 extension members). */
  readonly extensions: Record<string, unknown>;

  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = new.target.name;
    this.extensions = extensions;
  }
}

export class ValidationFailed extends DomainError {
  readonly status = 400;
  readonly slug = 'validation-failed';
  readonly title = 'Your request is not valid';
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail, { errors });
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'Conflict with the current state';
}

export class PreconditionFailed extends DomainError {
  readonly status = 412;
  readonly slug = 'precondition-failed';
  readonly title = 'The resource changed since you read it';
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'Request body too large';
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'Unsupported content type';
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly slug = 'unauthenticated';
  readonly title = 'Sign in first';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'You may not do this';
}

export class UnprocessableContent extends DomainError {
  readonly status = 422;
  readonly slug = 'unprocessable';
  readonly title = 'The request cannot be processed as sent';
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly slug = 'too-many-requests';
  readonly title = 'Too many requests';
}
