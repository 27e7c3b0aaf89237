import type { RouteObject } from 'react-router';

export const importsRoutes: RouteObject[] = [
  { path: 'import', lazy: () => import('./ImportPage').then((module) => ({ Component: module.ImportPage })) },
];
