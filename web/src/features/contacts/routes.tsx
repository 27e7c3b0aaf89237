import type { RouteObject } from 'react-router';

/** The contact list (the contact record, /contacts/:contactId, is the contact-record feature's). */
export const contactsRoutes: RouteObject[] = [
  { path: 'contacts', lazy: () => import('./ContactsPage').then((module) => ({ Component: module.ContactsPage })) },
];
