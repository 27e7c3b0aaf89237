import type { RouteObject } from 'react-router';

const builder = () => import('./SegmentBuilderPage').then((module) => ({ Component: module.SegmentBuilderPage }));

/** Segments: the list, and the criteria builder with its live count (a new segment, or a saved one). */
export const segmentsRoutes: RouteObject[] = [
  { path: 'segments', lazy: () => import('./SegmentsPage').then((module) => ({ Component: module.SegmentsPage })) },
  { path: 'segments/new', lazy: builder },
  { path: 'segments/:segmentId', lazy: builder },
];
