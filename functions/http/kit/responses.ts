import type { RouteResponse } from './route.ts';

/** Response descriptions shared by many routes (problem responses are documented once, here). */
export const problemResponses = {
  400: { description: 'Invalid request (problem+json naming each field)' },
  401: { description: 'Missing or invalid bearer token' },
  403: { description: 'Your role may not do this (problem+json)' },
  404: { description: 'Not found (problem+json)' },
  409: { description: 'Conflict with the current state (problem+json)' },
  412: { description: 'If-Match does not match the current version (problem+json)' },
} satisfies Record<number, RouteResponse>;
