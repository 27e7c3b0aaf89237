import * as z from 'zod';
import { defineRoute } from '../kit/route.ts';

const tag = 'Unsubscribe';
const entry = 'functions/http/unsubscribe/index.ts';
const Token = z.strictObject({ token: z.string().min(10).max(2000) });

export const unsubscribeRoutes = {
  unsubscribePage: defineRoute({
    name: 'UnsubscribePage',
    method: 'GET',
    path: '/unsubscribe',
    entry,
    access: 'public',
    publicBecause: 'the link is HMAC-signed per contact and campaign; the page only asks.',
    tableAccess: 'read',
    tag,
    usesAppSecrets: true,
    summary:
      'The page behind an email’s unsubscribe link: asks to confirm, never unsubscribes by itself (link scanners open it)',
    request: { query: Token },
    responses: {
      200: { description: 'An HTML page with a confirm button' },
      400: { description: 'The link is not valid (HTML page)' },
    },
  }),
  unsubscribe: defineRoute({
    name: 'Unsubscribe',
    method: 'POST',
    path: '/unsubscribe',
    entry,
    access: 'public',
    publicBecause:
      'RFC 8058 one-click unsubscribe: the link is HMAC-signed per contact and campaign; a tampered one changes nothing.',
    tableAccess: 'readWrite',
    tag,
    usesAppSecrets: true,
    summary:
      'RFC 8058 one-click unsubscribe (List-Unsubscribe=One-Click), or the page’s confirm button: suppresses at once',
    request: { query: Token, formBody: z.record(z.string().max(100), z.string().max(100)) },
    responses: {
      200: { description: 'Unsubscribed (HTML page); idempotent' },
      400: { description: 'The link is not valid (HTML page)' },
    },
  }),
};
