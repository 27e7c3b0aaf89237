import * as z from 'zod';
import type { Role } from '#shared/auth/principal.ts';

export interface RouteResponse {
  description: string;
  body?: z.ZodType;
}

/**
 * One route of the HTTP API, as data: CDK creates its Lambda and API route from it, the local server
 * dispatches to its handler, the handler validates with its schemas and enforces its access, and the
 * OpenAPI document is generated from it. Defined once per route, next to its handler.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
> {
  /** Stable identifier; the construct id in CDK and the OpenAPI operationId. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** API Gateway path template, e.g. /contacts/{contactId}. */
  path: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  /** 'public' routes take no token; otherwise the roles that may call it. */
  access: 'public' | readonly Role[];
  /** For a public route: what protects it instead of a token (reviewed by cdk-nag's acknowledgement). */
  publicBecause?: string;
  /** What the function may do with the table; CDK grants exactly this. */
  tableAccess: 'read' | 'readWrite';
  summary: string;
  tag: string;
  /** The handler reads the app secrets (signing keys, webhook secrets); CDK grants exactly these routes' functions. */
  usesAppSecrets?: boolean;
  /** The handler sets one-time timers (e.g. the first step of a campaign enrollment); CDK grants EventBridge Scheduler. */
  setsTimers?: boolean;
  /** The handler resumes waiting workflow states (SendTaskSuccess); CDK grants it on the state machines that wait. */
  resumesWorkflows?: boolean;
  /** The handler shows campaign mail as it goes out (From, Reply-To, unsubscribe links); CDK gives it those settings. */
  usesCampaignMail?: boolean;
  /** The handler sends email through SES with the campaign configuration set; CDK grants ses:SendEmail. */
  sendsEmail?: boolean;
  /** The handler reads a signed-in user's email from the user pool (AdminGetUser); CDK grants it on the pool. */
  readsUserEmails?: boolean;
  /** The handler records answers to be emailed from the support mailbox; CDK gives it SUPPORT_ADDRESS. */
  usesSupportEmail?: boolean;
  /** `body` is JSON; `formBody` is a form post (urlencoded or JSON), read as string fields; `headers` by lowercase name. */
  request: { path?: P; query?: Q; body?: B; formBody?: B; headers?: H };
  responses: Record<number, RouteResponse>;
}

export const defineRoute = <
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  H extends z.ZodType = z.ZodNever,
>(
  spec: RouteSpec<P, Q, B, H>,
) => spec;

/** Access lists used across the route table. */
export const access = {
  /** The CRM's own roles: everyone but support agents, who see only what serving a customer needs. */
  everyone: ['admin', 'marketing', 'sales'],
  admin: ['admin'],
  marketing: ['admin', 'marketing'],
  sales: ['admin', 'sales'],
  /** Who works tickets: sales reps and support agents (their own, unassigned and managed teams' tickets), admins all. */
  agents: ['admin', 'sales', 'support'],
  /** Reading who the customer is (contacts, companies, owners, teams, the caller): every role, support included. */
  customerRecords: ['admin', 'marketing', 'sales', 'support'],
} as const satisfies Record<string, readonly Role[]>;

/** The response body of a cursor-paginated listing of `item`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
