import type { RouteObject } from 'react-router';

export const reportsRoutes: RouteObject[] = [
  { path: 'reports', lazy: () => import('./ReportsPage').then((module) => ({ Component: module.ReportsPage })) },
  {
    path: 'reports/service',
    lazy: () => import('./ServiceDashboardPage').then((module) => ({ Component: module.ServiceDashboardPage })),
  },
];
