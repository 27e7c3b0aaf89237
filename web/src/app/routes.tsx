import type { RouteObject } from 'react-router';
import { campaignsRoutes } from '../features/campaigns/routes';
import { companiesRoutes } from '../features/companies/routes';
import { contactRecordRoutes } from '../features/contact-record/routes';
import { contactsRoutes } from '../features/contacts/routes';
import { dealRoutes } from '../features/deals/routes';
import { formsRoutes } from '../features/forms/routes';
import { importsRoutes } from '../features/imports/routes';
import { myDayRoutes } from '../features/my-day/routes';
import { reportsRoutes } from '../features/reports/routes';
import { scoringRoutes } from '../features/scoring/routes';
import { segmentsRoutes } from '../features/segments/routes';
import { settingsRoutes } from '../features/settings/routes';
import { surveysRoutes } from '../features/surveys/routes';
import { ticketsRoutes } from '../features/tickets/routes';

/**
 * The signed-in screens, one entry per feature. Each screen is its own chunk (loaded when first opened), so
 * the first screen's JavaScript stays small.
 */
export const featureRoutes: RouteObject[] = [
  ...myDayRoutes,
  ...contactsRoutes,
  ...contactRecordRoutes,
  ...companiesRoutes,
  ...dealRoutes,
  ...ticketsRoutes,
  ...campaignsRoutes,
  ...segmentsRoutes,
  ...formsRoutes,
  ...scoringRoutes,
  ...surveysRoutes,
  ...reportsRoutes,
  ...importsRoutes,
  ...settingsRoutes,
];
