import type { RouteObject } from 'react-router';

const builder = () => import('./FormBuilderPage').then((module) => ({ Component: module.FormBuilderPage }));

/** Forms: the list with each form's submissions, and the builder with its preview, embed snippets and numbers. */
export const formsRoutes: RouteObject[] = [
  { path: 'forms', lazy: () => import('./FormsPage').then((module) => ({ Component: module.FormsPage })) },
  { path: 'forms/new', lazy: builder },
  { path: 'forms/:formId', lazy: builder },
];
