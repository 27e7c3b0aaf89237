import { sendTestEmail } from '#shared/campaigns/campaign-email.service.ts';
import { testSendDeps } from '../../campaign-mail-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { usernameFrom } from '../kit/principal.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.sendTestEmail, async ({ path, body, headers, principal, event }) => {
  const username = usernameFrom(event);
  const { status, receipt, replayed } = await sendTestEmail(testSendDeps(), {
    campaignId: path.campaignId,
    request: body,
    principal,
    ...(username ? { username } : {}),
    idempotencyKey: headers['idempotency-key'],
  });
  return json(status, receipt, replayed ? { 'idempotent-replayed': 'true' } : {});
});
