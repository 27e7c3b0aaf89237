import type { RouteObject } from 'react-router';

export const contactRecordRoutes: RouteObject[] = [
  {
    path: 'contacts/:contactId',
    lazy: () => import('./ContactRecordPage').then((module) => ({ Component: module.ContactRecordPage })),
  },
];
