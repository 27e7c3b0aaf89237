import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { problemResponse, problemTypeUri } from './problem.ts';
import type { RouteSpec } from './route.ts';

type RouteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * One Lambda for a group of routes (one resource): dispatches on API Gateway's routeKey to each
 * route's own handler. Grouping keeps the stack far below CloudFormation's 500-resource limit and
 * shares warm containers across a resource's routes, while every route keeps its own handler module.
 */
export function routeGroup(routes: [RouteSpec, RouteHandler][]) {
  const byRouteKey = new Map(routes.map(([spec, handler]) => [`${spec.method} ${spec.path}`, handler]));
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const handler = byRouteKey.get(event.routeKey);
    if (handler) return handler(event, context);
    return problemResponse({
      type: problemTypeUri('no-such-route'),
      title: 'No such route',
      status: 404,
      detail: `${event.routeKey} is not served here.`,
    });
  };
}
