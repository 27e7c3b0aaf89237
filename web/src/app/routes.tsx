import type { RouteObject } from 'react-router';
import { contactRecordRoutes } from '../features/contact-record/routes';

/**
 * The signed-in screens, one entry per feature. Each screen is its own chunk (loaded when first opened), so
 * the first screen's JavaScript stays small.
 */
export const featureRoutes: RouteObject[] = [...contactRecordRoutes];
