import type { ServerResponse } from 'node:http';
import { httpRoutes } from '#functions/http/routes.ts';
import type { LocalEventBus } from './event-bus.ts';
import type { LocalEndpoint } from './http-server.ts';
import type { LocalStepFunctions } from './step-functions.ts';
import { Delivery } from './delivery.ts';
import { devUsers } from './seed.ts';
import { ScheduleConflict, ScheduleInvalid, type LocalTimers } from './timers.ts';
import * as z from 'zod';
import {
  emailFeedbackTypes,
  recordEmailFeedback,
  type EmailFeedbackDeps,
} from '#shared/campaigns/email-feedback.service.ts';
import { recordInboundEmail, type InboundEmailDeps } from '#shared/campaigns/inbound-email.service.ts';
import { normaliseEmail } from '#shared/contacts/email.ts';
import { parseSupportEmail } from '#shared/tickets/support-email-mime.ts';
import {
  receiveSupportEmail,
  type SupportEmail,
  type SupportEmailDeps,
} from '#shared/tickets/ticket-inbound-email.service.ts';

const LocalInboundEmail = z.union([
  /** A whole RFC 5322 message (what SES would store in S3), MIME and encoded-words included. */
  z.strictObject({ raw: z.string().min(1).max(10_000_000) }),
  z.strictObject({
    from: z.string().min(3).max(320),
    /** The support address (SUPPORT_ADDRESS) files it as a ticket; anything else is a reply to campaign mail. */
    to: z.string().min(3).max(320).optional(),
    subject: z.string().max(998).optional(),
    text: z.string().max(1_000_000).optional(),
    messageId: z.string().min(1).max(998).optional(),
    inReplyTo: z.string().max(998).optional(),
    references: z.string().max(20_000).optional(),
  }),
]);
// Tokens a client must be refused with (expired, issued to another app client), for testing clients and the API's own checks.
const LocalTokenRequest = z.strictObject({
  user: z.string().min(1),
  expiresAt: z.number().int().optional(),
  clientId: z.string().min(1).max(128).optional(),
});
const LocalTimerRequest = z.strictObject({
  name: z.string().min(1).max(64),
  target: z.string().min(1),
  at: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});
const LocalEmailEvent = z.strictObject({
  messageKey: z.string().regex(/^campaign:/),
  type: z.enum(emailFeedbackTypes),
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']).optional(),
});

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body, null, 2));
}

/** A local POST endpoint taking JSON: whatever it cannot read or do is a 400 with the reason. */
function jsonPost(handle: (body: unknown) => Promise<[number, unknown]>): LocalEndpoint {
  return async (request, response) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const [status, answer] = await handle(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      sendJson(response, status, answer);
    } catch (error) {
      sendJson(response, 400, { error: String(error) });
    }
  };
}

/** Local-only endpoints: what is running, the event bus (list or live tail), workflow executions. */
export function localEndpoints(deps: {
  bus: LocalEventBus;
  stepFunctions: LocalStepFunctions;
  timers: LocalTimers;
  /** What was delivered twice (the test mode); absent: GET /_local/deliveries says exactly once. */
  delivery?: Delivery;
  emailFeedback: EmailFeedbackDeps & InboundEmailDeps & SupportEmailDeps;
  devTokens: Record<string, string>;
  /** Signs a token for a dev user as the local user pool would, with a chosen expiry or app client. */
  issueToken: (user: string, options: { expiresAt?: number; clientId?: string }) => Promise<string | undefined>;
  sesUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
}): Record<string, LocalEndpoint> {
  return {
    'GET /': (_request, response) =>
      sendJson(response, 200, {
        name: 'Relay CRM (local)',
        routes: httpRoutes.map((route) => `${route.method} ${route.path}`),
        local: {
          events: '/_local/events (add ?follow=true to tail as server-sent events)',
          executions: '/_local/executions',
          emailEvents:
            'POST /_local/email-events {"messageKey","type":"open|click|bounce|complaint"} (as SES would report them)',
          inboundEmail:
            'POST /_local/inbound-email {"from","to","subject","text","messageId","inReplyTo","references"} or {"raw"} (to the support address: a ticket; else a reply to campaign mail; as SES receiving would hand it over)',
          timers: '/_local/timers (one-time timers such as lead SLA checks, as EventBridge Scheduler would hold them)',
          deadLetters:
            '/_local/dead-letters (event deliveries that failed every retry, failed timers and failed or timed-out executions, counted)',
          users: '/_local/users (the dev users the console signs in as)',
          deliveries:
            '/_local/deliveries (exactly once, or at least once and out of order in the test mode: how many were delivered twice)',
          tokens:
            '/_local/tokens (bearer tokens for admin, marketing and two sales reps; POST {"user","expiresAt","clientId"} signs one with another expiry or app client)',
          outbox: deps.sesUrl,
          dynamoDb: deps.dynamoDbEndpoint,
          table: deps.tableName,
        },
      }),
    'GET /_local/health': (_request, response) => sendJson(response, 200, { status: 'ok' }),
    // Loopback-only convenience for scripts and the import CLI: the same tokens npm start prints.
    'GET /_local/tokens': (_request, response) => sendJson(response, 200, deps.devTokens),
    // The console's local sign-in page lists these (in AWS, Cognito's managed login signs people in).
    'GET /_local/users': (_request, response) =>
      sendJson(response, 200, {
        users: Object.entries(devUsers).map(([name, user]) => ({ name, username: user.username, groups: user.groups })),
      }),
    'POST /_local/tokens': jsonPost(async (body) => {
      const { user, ...options } = LocalTokenRequest.parse(body);
      const token = await deps.issueToken(user, options);
      return token
        ? [201, { token }]
        : [404, { error: `There is no dev user ${user}; try one of ${Object.keys(deps.devTokens).join(', ')}.` }];
    }),
    'GET /_local/events': (request, response, url) => {
      const detailType = url.searchParams.get('detailType') ?? undefined;
      if (url.searchParams.get('follow') !== 'true') {
        const { kept, dropped, journal } = deps.bus.retention();
        return sendJson(response, 200, {
          events: deps.bus.events({ ...(detailType ? { detailType } : {}) }),
          // Says when older events are no longer listed, and where they all are, so nobody reads a partial list as whole.
          truncated: dropped > 0,
          ...(dropped > 0
            ? {
                note: `Only the newest ${kept} events are listed; ${dropped} older ones are not${journal ? `, but every event is in ${journal}` : ''}.`,
              }
            : {}),
        });
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      response.write(': tailing the local event bus\n\n');
      const unsubscribe = deps.bus.subscribe((event) => {
        if (!detailType || event['detail-type'] === detailType) response.write(`data: ${JSON.stringify(event)}\n\n`);
      });
      request.on('close', unsubscribe);
    },
    'GET /_local/executions': (_request, response) =>
      sendJson(response, 200, { executions: deps.stepFunctions.list() }),
    // What AWS would park in the AsyncFailures queue (and alarm on), or report as failed executions.
    'GET /_local/dead-letters': (_request, response) => {
      const parked = {
        events: deps.bus.deadLetters(),
        timers: deps.timers.list().filter((timer) => timer.status === 'failed'),
        executions: deps.stepFunctions
          .list()
          .filter((execution) => execution.status === 'FAILED' || execution.status === 'TIMED_OUT'),
      };
      sendJson(response, 200, {
        count: parked.events.length + parked.timers.length + parked.executions.length,
        ...parked,
      });
    },
    // Stands in for SES's event destination: report an open, click, bounce or complaint of a sent campaign email.
    'POST /_local/email-events': jsonPost(async (body) => [
      202,
      await recordEmailFeedback(deps.emailFeedback, LocalEmailEvent.parse(body)),
    ]),
    // Stands in for SES receiving: mail to the support address (SUPPORT_ADDRESS) opens or threads onto a ticket,
    // as the receipt rule's S3 + Lambda actions would file it; other mail is a reply to campaign mail (EMAIL_REPLY_TO).
    'POST /_local/inbound-email': jsonPost(async (body) => {
      const posted = LocalInboundEmail.parse(body);
      const receivedAt = new Date().toISOString();
      const { supportAddress } = deps.emailFeedback.ticketEmail;
      const newMessageId = () => `${deps.emailFeedback.context.newId()}@local.relay`;
      const email: SupportEmail | undefined =
        'raw' in posted
          ? await parseSupportEmail(posted.raw, receivedAt)
          : {
              from: posted.from,
              ...(posted.to ? { to: [posted.to] } : {}),
              subject: posted.subject ?? '',
              text: posted.text ?? '',
              messageId: posted.messageId?.replace(/^<|>$/g, '') ?? newMessageId(),
              ...(posted.inReplyTo ? { inReplyTo: posted.inReplyTo } : {}),
              ...(posted.references ? { references: posted.references } : {}),
              receivedAt,
            };
      if (!email) return [400, { error: 'The message has no From address to answer.' }];
      const toSupport =
        supportAddress !== undefined &&
        (email.to ?? []).some((to) => normaliseEmail(to) === normaliseEmail(supportAddress));
      if (toSupport) return [202, await receiveSupportEmail(deps.emailFeedback, email)];
      return [
        202,
        await recordInboundEmail(deps.emailFeedback, {
          from: email.from,
          messageId: `<${email.messageId}>`,
          receivedAt,
          ...(email.subject ? { subject: email.subject } : {}),
        }),
      ];
    }),
    // Stands in for Step Functions' SendTaskSuccess (RELAY_LOCAL_CALLBACKS_URL): resumes a state waiting for its task token.
    'POST /_local/task-tokens': jsonPost(async (body) => {
      const { taskToken, output } = z.strictObject({ taskToken: z.string().min(1), output: z.unknown() }).parse(body);
      return deps.stepFunctions.sendTaskSuccess(taskToken, output)
        ? [200, { resumed: true }]
        : [404, { error: 'No state is waiting for that task token (it timed out, or the execution ended).' }];
    }),
    'GET /_local/deliveries': (_request, response) =>
      sendJson(response, 200, (deps.delivery ?? new Delivery()).report()),
    'GET /_local/timers': (_request, response) => sendJson(response, 200, { timers: deps.timers.list() }),
    // Called by the handlers' timer scheduler (RELAY_LOCAL_SCHEDULER_URL), as they would call CreateSchedule:
    // 409 ConflictException while a timer of that name is pending, 400 ValidationException for what it refuses.
    'POST /_local/timers': jsonPost(async (body) => {
      try {
        return [201, deps.timers.schedule(LocalTimerRequest.parse(body))];
      } catch (error) {
        if (error instanceof ScheduleConflict) return [409, { name: error.name, message: error.message }];
        // A timer due now whose Standard execution of that name already ran (StartExecution's answer).
        if (error instanceof Error && error.name === 'ExecutionAlreadyExists')
          return [409, { name: error.name, message: error.message }];
        if (error instanceof ScheduleInvalid) return [400, { name: error.name, message: error.message }];
        throw error;
      }
    }),
  };
}
