import { eventSubscriptions } from '#functions/events/subscriptions.ts';
import { consolePreflightEntry } from '#functions/http/kit/console-cors.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { timerTargetSpecs } from '#functions/timers/targets.ts';
import { timerTargetEnv } from '#functions/timers/timer-scheduler.ts';
import type { TimerTarget } from '#shared/scheduling/timers.ts';
import { allWorkflows } from '#workflows/index.ts';
import type { StageConfig } from './config/stage-config.ts';

/**
 * What each deployed Lambda may do: its handler module, the names of the environment variables it is
 * given and the IAM actions its role allows. Computed from the same declarations the constructs read
 * (routes, subscriptions, timer targets, workflow tasks and their `tableAccess`/`sendsEmail`/... flags),
 * without CDK, so the local runtime can enforce it; test/infra/relay-stack.test.ts ("least privilege") checks that the
 * synthesized template grants exactly this, so the two cannot drift.
 */
export interface FunctionGrants {
  /** The construct path below the stage's stack, each nested stack named once (`pathInStage`), e.g. `Routes/contacts-routes`. */
  id: string;
  entry: string;
  environment: string[];
  actions: string[];
}

type Access = 'read' | 'readWrite' | 'none';

/** What `table.grantReadData` / `grantReadWriteData` allow (the stream actions come with them). */
export const tableActions: Record<Access, string[]> = {
  none: [],
  read: [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:GetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:Query',
    'dynamodb:Scan',
  ],
  readWrite: [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:DescribeTable',
    'dynamodb:GetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:UpdateItem',
  ],
};

// What every RelayFunction gets, and what each kind of grant adds (as the constructs and CDK's grant methods add them).
const baseEnvironment = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', 'NODE_OPTIONS'];
const tracing = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const asyncFailureQueue = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const readSecret = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const sendEmail = ['ses:SendEmail'];
const resumeWorkflows = ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'];
const timerTargets = Object.keys(timerTargetSpecs) as TimerTarget[];
const setTimers = {
  actions: [
    'scheduler:CreateSchedule',
    'iam:PassRole',
    ...(timerTargets.some((target) => timerTargetSpecs[target].kind === 'workflow') ? ['states:StartExecution'] : []),
  ],
  environment: ['TIMER_GROUP_NAME', 'TIMER_ROLE_ARN', ...timerTargets.map(timerTargetEnv)],
};

interface Flags {
  tableAccess: Access;
  invocation?: 'sync' | 'async';
  environment?: string[];
  actions?: string[];
  usesAppSecrets?: boolean | undefined;
  sendsEmail?: boolean | undefined;
  setsTimers?: boolean | undefined;
  resumesWorkflows?: boolean | undefined;
}

function grants(id: string, entry: string, flags: Flags): FunctionGrants {
  const environment = [
    ...baseEnvironment,
    ...(flags.tableAccess === 'none' ? [] : ['TABLE_NAME']),
    ...(flags.environment ?? []),
  ];
  const actions = [...tableActions[flags.tableAccess], ...tracing, ...(flags.actions ?? [])];
  if (flags.invocation === 'async') actions.push(...asyncFailureQueue);
  if (flags.usesAppSecrets) {
    environment.push('APP_SECRETS_ARN');
    actions.push(...readSecret);
  }
  if (flags.sendsEmail) actions.push(...sendEmail);
  if (flags.setsTimers) {
    environment.push(...setTimers.environment);
    actions.push(...setTimers.actions);
  }
  if (flags.resumesWorkflows) actions.push(...resumeWorkflows);
  return { id, entry, environment: [...new Set(environment)].sort(), actions: [...new Set(actions)].sort() };
}

/**
 * What a route group's campaign mail needs: the stage's mail settings where a route shows or sends campaign mail,
 * the configuration set where one sends it, and the user pool where one reads who the caller is (their email).
 */
export function routeMailGrants(
  config: StageConfig,
  routes: readonly {
    usesCampaignMail?: boolean;
    sendsEmail?: boolean;
    readsUserEmails?: boolean;
    usesSupportEmail?: boolean;
  }[],
): { environment: string[]; actions: string[] } {
  const environment: string[] = [];
  const actions: string[] = [];
  if (routes.some((route) => route.usesCampaignMail || route.sendsEmail))
    environment.push('EMAIL_FROM', 'PUBLIC_API_URL', ...(config.email.replyTo ? ['EMAIL_REPLY_TO'] : []));
  if (routes.some((route) => route.sendsEmail)) environment.push('SES_CONFIGURATION_SET');
  if (config.support && routes.some((route) => route.usesSupportEmail)) environment.push('SUPPORT_ADDRESS');
  if (routes.some((route) => route.readsUserEmails)) {
    environment.push('USER_POOL_ID');
    actions.push('cognito-idp:AdminGetUser');
  }
  return { environment, actions };
}

/** Every Lambda the stage deploys (in its stack and its nested stacks), with what it is given. */
export function functionGrants(config: StageConfig): FunctionGrants[] {
  const functions: FunctionGrants[] = [
    grants('Events/OutboxRelay', 'functions/events/outbox-relay.ts', {
      tableAccess: 'readWrite',
      environment: ['EVENT_BUS_NAME'],
      // PutEvents onto the bus; the stream event source and its failure queue.
      actions: ['events:PutEvents', 'dynamodb:DescribeStream', 'dynamodb:ListStreams', ...asyncFailureQueue],
    }),
    // Reads the pending index, marks what it relays and publishes it; its schedule's failures go to the queue.
    grants('Events/OutboxSweeper', 'functions/events/outbox-sweeper.ts', {
      tableAccess: 'read',
      environment: ['EVENT_BUS_NAME', 'OUTBOX_SWEEP_AFTER_SECONDS'],
      actions: ['dynamodb:UpdateItem', 'events:PutEvents', ...asyncFailureQueue],
    }),
  ];

  const routeGroups = new Map<string, (typeof httpRoutes)[number][]>();
  for (const route of httpRoutes) routeGroups.set(route.entry, [...(routeGroups.get(route.entry) ?? []), route]);
  const waitingWorkflows = allWorkflows(config.workflows).filter((workflow) =>
    JSON.stringify(workflow.definition).includes('.waitForTaskToken'),
  );
  for (const [entry, routes] of routeGroups) {
    const isPublic = routes.some((route) => route.access === 'public');
    const mail = routeMailGrants(config, routes);
    functions.push(
      grants(`Routes/${entry.split('/').at(-2) ?? entry}-routes`, entry, {
        tableAccess: routes.some((route) => route.tableAccess === 'readWrite') ? 'readWrite' : 'read',
        usesAppSecrets: routes.some((route) => route.usesAppSecrets),
        setsTimers: routes.some((route) => route.setsTimers),
        resumesWorkflows: waitingWorkflows.length > 0 && routes.some((route) => route.resumesWorkflows),
        sendsEmail: routes.some((route) => route.sendsEmail),
        // Every answer may carry the console's CORS headers; behind the edge, public routes check
        // CloudFront's origin header against its secret.
        environment: [
          'CONSOLE_ORIGINS',
          ...(config.edge && isPublic ? ['EDGE_ORIGIN_SECRET_ARN'] : []),
          ...mail.environment,
        ],
        actions: [...(config.edge && isPublic ? readSecret : []), ...mail.actions],
      }),
    );
  }
  // OPTIONS /{proxy+}: the console's CORS preflights, which need nothing but the console's origin.
  functions.push(
    grants('Routes/ConsolePreflight', consolePreflightEntry, {
      tableAccess: 'none',
      environment: ['CONSOLE_ORIGINS'],
    }),
  );

  for (const [target, spec] of Object.entries(timerTargetSpecs)) {
    if (spec.kind !== 'lambda') continue;
    functions.push(
      grants(`Timers/${target}`, spec.entry, {
        ...spec,
        invocation: 'async',
        environment: ['EMAIL_FROM', 'PUBLIC_API_URL', 'LEAD_SLA_SECONDS'],
      }),
    );
  }

  functions.push(
    grants('EmailEvents/SesFeedback', 'functions/events/ses-feedback.ts', {
      tableAccess: 'readWrite',
      invocation: 'async',
    }),
  );
  if (config.email.replyTo)
    functions.push(
      grants('EmailReplies/SesInbound', 'functions/events/ses-inbound.ts', {
        tableAccess: 'readWrite',
        invocation: 'async',
      }),
    );
  if (config.support)
    functions.push(
      grants('SupportEmail/SupportInbound', 'functions/events/support-email.ts', {
        tableAccess: 'readWrite',
        invocation: 'async',
        environment: ['SUPPORT_ADDRESS', 'TICKET_REOPEN_WITHIN_DAYS', 'SUPPORT_MAIL_BUCKET'],
        actions: ['s3:GetObject'],
      }),
    );

  for (const workflow of allWorkflows(config.workflows)) {
    const waits = waitingWorkflows.some((waiting) => waiting.name === workflow.name);
    for (const [placeholder, task] of Object.entries(workflow.tasks)) {
      functions.push(
        grants(`Workflows/${workflow.name}/${placeholder.replace(/FunctionArn$|Arn$/, '')}`, task.entry, {
          ...task,
          resumesWorkflows: waits && task.resumesWorkflows,
          environment: [
            'LEAD_SLA_SECONDS',
            ...(task.sendsEmail
              ? [
                  'EMAIL_FROM',
                  'PUBLIC_API_URL',
                  'SES_CONFIGURATION_SET',
                  ...(config.email.replyTo ? ['EMAIL_REPLY_TO'] : []),
                ]
              : []),
            ...(task.setsTimers ? ['SES_SENDS_PER_SECOND'] : []),
          ],
        }),
      );
    }
  }

  for (const subscription of eventSubscriptions) {
    functions.push(
      grants(`Subscribers/${subscription.name}`, subscription.entry, {
        ...subscription,
        invocation: 'async',
        environment: [
          'PUBLIC_API_URL',
          'EMAIL_FROM',
          ...(subscription.usesSupportEmail && config.support ? ['SUPPORT_ADDRESS'] : []),
        ],
      }),
    );
  }
  return functions;
}

/**
 * What the local runtime lets a handler module do: the grants of the function(s) deployed from it. A
 * module deployed as several functions with different grants gets only what all of them have, so a
 * call that one of them may not make fails locally too.
 */
export function grantsByEntry(config: StageConfig): Map<string, FunctionGrants> {
  const byEntry = new Map<string, FunctionGrants>();
  for (const fn of functionGrants(config)) {
    const seen = byEntry.get(fn.entry);
    byEntry.set(
      fn.entry,
      seen
        ? {
            id: `${seen.id}, ${fn.id}`,
            entry: fn.entry,
            environment: seen.environment.filter((name) => fn.environment.includes(name)),
            actions: seen.actions.filter((action) => fn.actions.includes(action)),
          }
        : fn,
    );
  }
  return byEntry;
}
