import * as z from 'zod';
import { defineRoute } from '../kit/route.ts';

export const consentRoutes = {
  confirmConsent: defineRoute({
    name: 'ConfirmConsent',
    method: 'GET',
    path: '/consent/confirm',
    entry: 'functions/http/consent/index.ts',
    access: 'public',
    publicBecause: 'the double opt-in link is HMAC-signed and expires.',
    tableAccess: 'readWrite',
    tag: 'Consent',
    usesAppSecrets: true,
    summary: 'The double opt-in link: confirms marketing consent (idempotent) and shows a page',
    request: { query: z.strictObject({ token: z.string().min(10).max(2000) }) },
    responses: {
      200: { description: 'An HTML page saying what happened' },
      400: { description: 'The link is not valid (HTML page)' },
    },
  }),
};
