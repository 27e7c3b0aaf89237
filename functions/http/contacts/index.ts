import { handler as createContact } from './create-contact.ts';
import { handler as deleteContact } from './delete-contact.ts';
import { handler as eraseContact } from './erase-contact.ts';
import { handler as exportPersonalData } from './export-personal-data.ts';
import { handler as getContact } from './get-contact.ts';
import { handler as listContacts } from './list-contacts.ts';
import { handler as searchContacts } from './search-contacts.ts';
import { handler as updateContact } from './update-contact.ts';
import { routeGroup } from '../kit/route-group.ts';
import { contactRoutes } from './contact-routes.ts';

/** The Lambda behind every contacts route (see routeGroup). */
export const handler = routeGroup([
  [contactRoutes.createContact, createContact],
  [contactRoutes.listContacts, listContacts],
  [contactRoutes.searchContacts, searchContacts],
  [contactRoutes.getContact, getContact],
  [contactRoutes.updateContact, updateContact],
  [contactRoutes.deleteContact, deleteContact],
  [contactRoutes.exportPersonalData, exportPersonalData],
  [contactRoutes.eraseContact, eraseContact],
]);
