/** An RFC 9457 problem document, as every API error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; message: string }[];
  [extension: string]: unknown;
}

/** A refused API call, carrying the problem document the API answered with. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field errors keyed by form path: JSON Pointer `/address/city` becomes `address.city`. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const path = fromPointer(error.pointer);
      if (path && !Object.hasOwn(byField, path)) byField[path] = error.message;
    }
    return byField;
  }
}

/** RFC 6901: `~1` is `/` and `~0` is `~` inside a segment. */
export function fromPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

/** The problem document for whatever an API call answered that was not a success. */
export function asProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'title' in body && 'status' in body) return body as Problem;
  // API Gateway answers some refusals itself, with {"message": "..."}.
  const message =
    body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
      ? body.message
      : undefined;
  return { type: 'about:blank', title: message ?? `HTTP ${status}`, status, ...(message ? { detail: message } : {}) };
}
