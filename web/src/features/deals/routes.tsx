import type { RouteObject } from 'react-router';

/** The Deals screen: the pipeline board (dnd-kit lives in its chunk) and the filtered list. */
export const dealRoutes: RouteObject[] = [
  { path: 'deals', lazy: () => import('./DealsBoardPage').then((module) => ({ Component: module.DealsBoardPage })) },
  {
    path: 'deals/list',
    lazy: () => import('./DealsListPage').then((module) => ({ Component: module.DealsListPage })),
  },
];
