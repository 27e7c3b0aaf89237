import { receiveWebhookLead } from '#shared/leads/webhook-lead.service.ts';
import { PayloadTooLarge } from '#shared/errors.ts';
import { deps } from '../../dependencies.ts';
import { appSecrets } from '../../secrets.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { maxFormBodyBytes, rawBody } from '../kit/request.ts';
import { webhookRoutes } from './webhook-routes.ts';

export const handler = publicHttpHandler(webhookRoutes.receiveLeadWebhook, async ({ query, event }) => {
  const body = rawBody(event);
  if (body.length > maxFormBodyBytes)
    throw new PayloadTooLarge(`The body is ${body.length} bytes; the limit is ${maxFormBodyBytes}.`);
  const { webhookSources } = await appSecrets();
  const receipt = await receiveWebhookLead(deps(), webhookSources, {
    sourceId: query.source,
    rawBody: body,
    headers: event.headers,
  });
  return {
    statusCode: receipt.response.status,
    headers: { 'content-type': 'application/json' },
    body: receipt.response.body,
  };
});
