import type { Contact } from './api';

/** How a contact is named on screen: their name, else their email as typed. */
export const nameOf = (contact: Contact) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emailDisplay || contact.email;
