import { unsubscribeLinkIsValid } from '#shared/campaigns/unsubscribe.service.ts';
import { escapeHtml } from '#shared/messaging/html.ts';
import { appSecrets } from '../../secrets.ts';
import { formPage } from '../forms/form-responses.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';

export const handler = publicHttpHandler(unsubscribeRoutes.unsubscribePage, async ({ query }) => {
  if (!unsubscribeLinkIsValid(await appSecrets(), query.token))
    return formPage(
      'This link does not work',
      'It may have been changed. Use the link in the latest email you received.',
      400,
    );
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head><body><main><h1>Unsubscribe?</h1><p>You will get no more marketing email from us.</p><form method="post" action="?token=${escapeHtml(encodeURIComponent(query.token))}"><input type="hidden" name="confirm" value="yes"><button type="submit">Unsubscribe</button></form></main></body></html>`,
  };
});
