import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { Forbidden } from '#shared/errors.ts';
import { readSecret } from '../../secrets.ts';
import { httpHandler, type HttpResult, type ParsedRequest, type RequestOrigin } from './http-handler.ts';
import type { RouteSpec } from './route.ts';

/** Set by CDK when the stage has the edge option (CloudFront + WAF); the header CloudFront adds is in infra/constructs/edge.ts. */
const originHeader = 'x-relay-origin';

/**
 * Behind the edge option, a public route only answers requests that came through CloudFront (and so
 * through the WAF): they carry the origin header's secret value. Without the option, nothing to check.
 * Only a request that passed is `viaEdge`, so only then is CloudFront's viewer-address header trusted.
 */
async function requireEdgeOrigin(event: APIGatewayProxyEventV2): Promise<RequestOrigin> {
  const secretArn = process.env.EDGE_ORIGIN_SECRET_ARN;
  if (!secretArn) return { viaEdge: false };
  // Cached like every secret (functions/secrets.ts): a rotated origin secret is picked up within minutes.
  const want = Buffer.from(await readSecret(secretArn));
  const given = Buffer.from(event.headers?.[originHeader] ?? '');
  if (want.length === 0 || given.length !== want.length || !timingSafeEqual(given, want))
    throw new Forbidden('Use the public URL: this endpoint is served through the stage’s CloudFront distribution.');
  return { viaEdge: true };
}

/** An HTTP handler for a route the route table marks public: httpHandler plus the edge-origin check. */
export function publicHttpHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteSpec<P, Q, B>,
  handle: (request: ParsedRequest<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<HttpResult>,
  options: { decorate?: (event: APIGatewayProxyEventV2, response: HttpResult) => Promise<HttpResult> } = {},
) {
  return httpHandler(route, handle, { ...options, guard: requireEdgeOrigin });
}
