import type { RouteObject } from 'react-router';

const scoringPage = () => import('./ScoringPage').then((module) => ({ Component: module.ScoringPage }));

/** Scoring: the model and "try it on a contact" (`/scoring`), and the routing policy for admins (`/scoring/routing`). */
export const scoringRoutes: RouteObject[] = [
  { path: 'scoring', lazy: scoringPage },
  { path: 'scoring/routing', lazy: scoringPage },
];
