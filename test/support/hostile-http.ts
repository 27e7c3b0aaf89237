import type { RunningStack } from './local-stack.ts';

export interface SentRequest {
  method: string;
  /** Path and query, already encoded. */
  url: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  as?: 'admin' | null;
  /** Statuses the route documents as an HTML page for a person (an unsubscribe link's 400), not problem+json. */
  pageStatuses?: readonly number[];
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** What a hostile-input run tried and what it got, for the test's summary. */
export class HostileTally {
  requests = 0;
  readonly strings = new Set<string>();
  readonly serverErrors: string[] = [];
  readonly notProblemJson: string[] = [];
  readonly statuses = new Map<number, number>();
  readonly reflectedMarkup: string[] = [];

  constructor(private readonly hostile: ReadonlySet<string>) {}

  /** Counts the hostile strings anywhere in `value` (keys included) as tried. */
  noteStrings(value: unknown): void {
    if (typeof value === 'string' && this.hostile.has(value)) this.strings.add(value);
    else if (Array.isArray(value)) value.forEach((item) => this.noteStrings(item));
    else if (typeof value === 'object' && value !== null)
      Object.entries(value).forEach((entry) => this.noteStrings(entry));
  }

  record(request: SentRequest, answer: Answer): void {
    this.requests += 1;
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    const what = `${request.method} ${request.url.slice(0, 300)} ${String(request.body ?? '').slice(0, 300)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
    const isHtml = answer.contentType.startsWith('text/html');
    // Our pages carry no markup of that kind: any in an answer came from the request.
    if (isHtml && /<script|<img|<svg|<iframe/i.test(answer.text)) this.reflectedMarkup.push(what);
    if (answer.status >= 500) this.serverErrors.push(what);
    // RFC 9457 for API clients; a plain HTML form post, or a page the route documents, gets errors as a page.
    else if (
      answer.status >= 400 &&
      answer.contentType !== 'application/problem+json' &&
      !(isHtml && (isHtmlFormPost(request) || request.pageStatuses?.includes(answer.status)))
    ) {
      this.notProblemJson.push(what);
    }
  }
}

const isHtmlFormPost = (request: SentRequest) =>
  /^application\/x-www-form-urlencoded/i.test(request.headers?.['content-type'] ?? '');

/** The statuses a route documents as an HTML page. */
export const pageStatusesOf = (responses: Record<number, { description: string }>) =>
  Object.entries(responses)
    .filter(([, response]) => /\bHTML\b/.test(response.description))
    .map(([status]) => Number(status));

/**
 * Percent-encodes every byte outside RFC 3986's unreserved set, from the UTF-8 bytes (a lone surrogate
 * becomes U+FFFD, where encodeURIComponent would throw).
 */
export const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Sends one request to the local stack (as admin unless `as` is null) and records it in `tally`. */
export async function send(stack: RunningStack, tally: HostileTally, request: SentRequest): Promise<Answer> {
  const as = request.as === undefined ? 'admin' : request.as;
  const response = await fetch(`${stack.apiUrl}${request.url}`, {
    method: request.method,
    // A form's thank-you redirect (303) names a URL the request made up: record it, never follow it off the stack.
    redirect: 'manual',
    headers: { ...(as ? { authorization: `Bearer ${stack.tokens[as]}` } : {}), ...request.headers },
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
  tally.record({ ...request, as }, answer);
  return answer;
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Lines of the stack's output that show an exception escaped: stack frames, unhandled rejections, errors logged as such. */
export function crashTraces(output: string): string[] {
  return output
    .split('\n')
    .filter((line) =>
      /^\s+at .+(:\d+:\d+\)?$)|Unhandled|uncaught|\[(api|events|local)\] .*fail|dead-letters|"level":"ERROR"/i.test(
        line,
      ),
    );
}
