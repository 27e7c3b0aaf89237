import * as z from 'zod';
import { problemResponses as problems } from '../kit/responses.ts';
import { defineRoute } from '../kit/route.ts';

export const webhookRoutes = {
  receiveLeadWebhook: defineRoute({
    name: 'ReceiveLeadWebhook',
    method: 'POST',
    path: '/webhooks/leads',
    entry: 'functions/http/webhooks/index.ts',
    access: 'public',
    publicBecause:
      'partner webhooks are verified with Standard Webhooks signatures (HMAC, timestamp window); unsigned or stale requests are refused.',
    tableAccess: 'readWrite',
    tag: 'Webhooks',
    usesAppSecrets: true,
    summary:
      'A lead from a partner system, signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); exactly once per webhook-id',
    request: { query: z.strictObject({ source: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }) },
    responses: {
      202: { description: 'Received', body: z.object({ submissionId: z.string(), status: z.literal('received') }) },
      400: problems[400],
      401: { description: 'Signature, timestamp or headers not valid for this source' },
      422: { description: 'webhook-id reused with another payload' },
    },
  }),
};
