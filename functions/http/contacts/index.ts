import { handler as createContact } from './create-contact.ts';
import { handler as deleteContact } from './delete-contact.ts';
import { handler as eraseContact } from './erase-contact.ts';
import { handler as exportPersonalData } from './export-personal-data.ts';
import { handler as getContact } from './get-contact.ts';
import { handler as listContacts } from './list-contacts.ts';
import { handler as updateContact } from './update-contact.ts';
// contact record (issue 17)
import { handler as getContactConsent } from './get-contact-consent.ts';
import { handler as getContactTimeline } from './get-contact-timeline.ts';
import { handler as listContactEnrollments } from './list-contact-enrollments.ts';
import { contactRecordRoutes } from './contact-record-routes.ts';
import { routeGroup } from '../kit/route-group.ts';
import { contactRoutes } from './contact-routes.ts';

/** The Lambda behind every contacts route (see routeGroup). */
export const handler = routeGroup([
  [contactRoutes.createContact, createContact],
  [contactRoutes.listContacts, listContacts],
  [contactRoutes.getContact, getContact],
  [contactRoutes.updateContact, updateContact],
  [contactRoutes.deleteContact, deleteContact],
  [contactRoutes.exportPersonalData, exportPersonalData],
  [contactRoutes.eraseContact, eraseContact],
  // contact record (issue 17)
  [contactRecordRoutes.getContactTimeline, getContactTimeline],
  [contactRecordRoutes.listContactEnrollments, listContactEnrollments],
  [contactRecordRoutes.getContactConsent, getContactConsent],
]);
