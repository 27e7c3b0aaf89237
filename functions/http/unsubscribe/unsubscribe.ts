import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { deps } from '../../dependencies.ts';
import { appSecrets } from '../../secrets.ts';
import { formPage } from '../forms/form-responses.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';

const pages = {
  unsubscribed: formPage('You are unsubscribed', 'You will get no more marketing email from us.'),
  'already-unsubscribed': formPage('You are unsubscribed', 'You had already unsubscribed. Nothing else to do.'),
  invalid: formPage(
    'This link does not work',
    'It may have been changed. Use the link in the latest email you received.',
    400,
  ),
};

export const handler = publicHttpHandler(unsubscribeRoutes.unsubscribe, async ({ query, body }) => {
  const method = body['List-Unsubscribe'] === 'One-Click' ? 'one-click' : 'confirmed-page';
  return pages[
    await unsubscribe({ ...deps(), unsubscribeKey: (await appSecrets()).unsubscribeKey }, query.token, method)
  ];
});
