import type { RouteObject } from 'react-router';

/**
 * Campaigns: the list, and the journey builder (React Flow, dagre, the API's schemas and the simulation live in
 * its chunk, fetched when a journey is opened), a campaign's versions with their diff, and its results (with the
 * charts' chunk).
 */
export const campaignsRoutes: RouteObject[] = [
  { path: 'campaigns', lazy: () => import('./CampaignsPage').then((module) => ({ Component: module.CampaignsPage })) },
  {
    path: 'campaigns/new',
    lazy: () => import('./JourneyPage').then((module) => ({ Component: module.JourneyPage })),
  },
  {
    path: 'campaigns/:campaignId',
    lazy: () => import('./JourneyPage').then((module) => ({ Component: module.JourneyPage })),
  },
  {
    path: 'campaigns/:campaignId/versions',
    lazy: () => import('./VersionsPage').then((module) => ({ Component: module.VersionsPage })),
  },
  {
    path: 'campaigns/:campaignId/results',
    lazy: () => import('./CampaignResultsPage').then((module) => ({ Component: module.CampaignResultsPage })),
  },
];
