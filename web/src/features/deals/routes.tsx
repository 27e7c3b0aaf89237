import type { RouteObject } from 'react-router';

/** The Deals screen: the pipeline board (dnd-kit lives in its chunk), the filtered list and a deal's page. */
export const dealRoutes: RouteObject[] = [
  { path: 'deals', lazy: () => import('./DealsBoardPage').then((module) => ({ Component: module.DealsBoardPage })) },
  {
    path: 'deals/list',
    lazy: () => import('./DealsListPage').then((module) => ({ Component: module.DealsListPage })),
  },
  { path: 'deals/:dealId', lazy: () => import('./DealPage').then((module) => ({ Component: module.DealPage })) },
];
