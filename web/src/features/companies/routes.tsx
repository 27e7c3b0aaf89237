import type { RouteObject } from 'react-router';

export const companiesRoutes: RouteObject[] = [
  { path: 'companies', lazy: () => import('./CompaniesPage').then((module) => ({ Component: module.CompaniesPage })) },
  {
    path: 'companies/:companyId',
    lazy: () => import('./CompanyPage').then((module) => ({ Component: module.CompanyPage })),
  },
];
