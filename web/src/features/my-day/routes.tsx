import type { RouteObject } from 'react-router';

export const myDayRoutes: RouteObject[] = [
  { index: true, lazy: () => import('./MyDayPage').then((module) => ({ Component: module.MyDayPage })) },
];
