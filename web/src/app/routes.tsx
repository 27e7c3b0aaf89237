import type { RouteObject } from 'react-router';
import { dealRoutes } from '../features/deals/routes';

/**
 * The signed-in screens, one entry per feature. Each screen is its own chunk (loaded when first opened), so
 * the first screen's JavaScript stays small.
 */
export const featureRoutes: RouteObject[] = [...dealRoutes];
