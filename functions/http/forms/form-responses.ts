import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { deps } from '../../dependencies.ts';
import type { HttpResult } from '../kit/http-handler.ts';
import { header, isHtmlFormPost } from '../kit/request.ts';
import { escapeHtml } from '#shared/messaging/html.ts';

/** The page a plain HTML form's visitor sees when the form has no redirect URL, or when something is wrong. */
export function formPage(title: string, message: string, status = 200): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`,
  };
}

/**
 * Adds CORS headers when the browser's origin is one the form allows (on errors too, so the page's
 * script can read them); no allow header otherwise. Plain HTML form posts get errors as a page.
 */
export async function decorateFormResponse(event: APIGatewayProxyEventV2, response: HttpResult): Promise<HttpResult> {
  let result = response;
  if (isHtmlFormPost(event) && (result.statusCode ?? 200) >= 400) {
    const problem = JSON.parse(result.body ?? '{}') as { title?: string; detail?: string };
    result = formPage(
      problem.title ?? 'Something went wrong',
      problem.detail ?? 'Please go back and try again.',
      result.statusCode,
    );
  }
  const origin = header(event, 'origin');
  const formId = event.pathParameters?.formId;
  if (!origin || !formId) return result;
  const form = await deps()
    .forms.get(formId)
    .catch(() => undefined);
  if (!form?.allowedOrigins.includes(origin)) return result;
  return {
    ...result,
    headers: {
      ...result.headers,
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, idempotency-key',
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  };
}
