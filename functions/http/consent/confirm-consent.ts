import { confirmConsent } from '#shared/leads/double-opt-in.service.ts';
import { doubleOptInDeps } from '../../dependencies.ts';
import { formPage } from '../forms/form-responses.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { consentRoutes } from './consent-routes.ts';

const pages = {
  confirmed: formPage('You are subscribed', 'Thank you for confirming. You can unsubscribe from any email we send.'),
  'already-confirmed': formPage('Already confirmed', 'Your subscription was confirmed before. Nothing else to do.'),
  invalid: formPage(
    'This link does not work',
    'It may have expired or been changed. Submit the form again to get a new one.',
    400,
  ),
};

export const handler = publicHttpHandler(
  consentRoutes.confirmConsent,
  async ({ query }) => pages[await confirmConsent(await doubleOptInDeps(), query.token)],
);
