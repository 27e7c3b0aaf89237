import { handler as confirmConsent } from './confirm-consent.ts';
import { routeGroup } from '../kit/route-group.ts';
import { consentRoutes } from './consent-routes.ts';

/** The Lambda behind the consent links (see routeGroup). */
export const handler = routeGroup([[consentRoutes.confirmConsent, confirmConsent]]);
