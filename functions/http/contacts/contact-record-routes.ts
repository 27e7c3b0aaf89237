import { ContactEnrollment, ContactEnrollmentsQuery } from '#shared/campaigns/contact-enrollments.schema.ts';
import { ContactConsent, ContactConsentQuery } from '#shared/contacts/contact-consent.schema.ts';
import { ContactTimelineQuery, TimelineEntry } from '#shared/contacts/contact-timeline.schema.ts';
import { ContactId } from '#shared/contacts/contact.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const tag = 'Contacts';
const entry = 'functions/http/contacts/index.ts';

/** What the contact record shows beside the contact itself (issue 17); everyone who may read the contact may read these. */
export const contactRecordRoutes = {
  getContactTimeline: defineRoute({
    name: 'GetContactTimeline',
    method: 'GET',
    path: '/contacts/{contactId}/timeline',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary:
      'The contact’s history across every channel, newest first: activities (notes, calls, meetings, tasks, emails sent, opened, clicked, bounced or replied, form submissions, survey answers), page views and tracked events, consent changes, and its deals’ stage moves',
    request: { path: ContactId, query: ContactTimelineQuery },
    responses: {
      200: { description: 'A page of the timeline', body: pageOf(TimelineEntry) },
      400: problems[400],
      404: problems[404],
    },
  }),
  listContactEnrollments: defineRoute({
    name: 'ListContactEnrollments',
    method: 'GET',
    path: '/contacts/{contactId}/enrollments',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary:
      'The contact’s campaign enrollments, newest first: campaign, version, status, current step, and the emails sent in each',
    request: { path: ContactId, query: ContactEnrollmentsQuery },
    responses: {
      200: { description: 'A page of enrollments', body: pageOf(ContactEnrollment) },
      400: problems[400],
      404: problems[404],
    },
  }),
  getContactConsent: defineRoute({
    name: 'GetContactConsent',
    method: 'GET',
    path: '/contacts/{contactId}/consent',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary:
      'The contact’s marketing consent, its suppression if any, and its proof: each consent record newest first (source, time, wording and version, method, hashed IP)',
    request: { path: ContactId, query: ContactConsentQuery },
    responses: {
      200: { description: 'Consent now and a page of its records', body: ContactConsent },
      400: problems[400],
      404: problems[404],
    },
  }),
};
