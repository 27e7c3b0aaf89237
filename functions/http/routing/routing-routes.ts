import { RoutingPolicy, RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

const tag = 'Lead routing';
const entry = 'functions/http/routing/index.ts';

export const routingRoutes = {
  getRoutingPolicy: defineRoute({
    name: 'GetRoutingPolicy',
    method: 'GET',
    path: '/routing-policy',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'How qualified leads are routed: account owners, territories → teams, each team’s strategy',
    request: {},
    responses: { 200: { description: 'The policy (ETag = its version)', body: RoutingPolicy }, 404: problems[404] },
  }),
  putRoutingPolicy: defineRoute({
    name: 'PutRoutingPolicy',
    method: 'PUT',
    path: '/routing-policy',
    entry,
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Replace the routing policy (send If-Match with the ETag you read)',
    request: { body: RoutingPolicyInput },
    responses: {
      200: { description: 'The saved policy', body: RoutingPolicy },
      400: problems[400],
      403: problems[403],
      412: problems[412],
    },
  }),
};
