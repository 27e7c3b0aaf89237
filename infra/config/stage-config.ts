import * as z from 'zod';
import { roles } from '#shared/auth/principal.ts';

/** CloudWatch Logs only accepts these retention periods. */
const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Everything that differs between environments, as typed data: constructs read this, never the stage name. */
export const StageConfig = z
  .strictObject({
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'stage names are lower-case letters, digits and dashes'),
    /** Omit to synthesize an environment-agnostic stack. */
    env: z
      .strictObject({
        account: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        region: z.string().optional(),
      })
      .optional(),
    /** What `cdk destroy` does to stateful resources (table, log groups): retain keeps them, destroy removes them. */
    removal: z.enum(['retain', 'destroy']),
    table: z.strictObject({
      deletionProtection: z.boolean(),
      pointInTimeRecovery: z.boolean(),
      /** `customer-managed`: a KMS key of this stack, rotated yearly, whose use CloudTrail records (prod); `aws-managed`: AWS's key for DynamoDB. */
      encryption: z.enum(['aws-managed', 'customer-managed']),
      /**
       * On-demand (pay per request, the default: bursty CRM traffic), or provisioned with auto scaling
       * between the given units for a steady, high base load (indexes get the same).
       */
      capacity: z
        .discriminatedUnion('mode', [
          z.strictObject({ mode: z.literal('on-demand') }),
          z.strictObject({
            mode: z.literal('provisioned'),
            readUnits: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
            writeUnits: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
          }),
        ])
        .refine(
          (capacity) =>
            capacity.mode === 'on-demand' ||
            (capacity.readUnits.min <= capacity.readUnits.max && capacity.writeUnits.min <= capacity.writeUnits.max),
          { message: 'min must not exceed max' },
        ),
    }),
    api: z.strictObject({
      /** Stage-wide throttling of the HTTP API (requests per second, and the burst above it). */
      throttle: z.strictObject({
        rateLimit: z.number().int().min(1).max(100_000),
        burstLimit: z.number().int().min(1).max(100_000),
      }),
      /**
       * A custom domain for the API (and so for every link in Relay's emails: unsubscribe, surveys,
       * double opt-in), with an ACM certificate for it in the stack's region. Point a CNAME at the
       * `ApiDomainTarget` output.
       */
      domain: z
        .strictObject({
          name: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a domain name such as "api.crm.example.com"'),
          certificateArn: z
            .string()
            .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN'),
        })
        .optional(),
    }),
    /**
     * CloudFront + AWS WAF in front of the API (HTTP APIs take no WAF): AWS's common, known-bad-input
     * and IP-reputation rule groups, and a per-IP rate limit over 5 minutes. The WebACL lives in a
     * second stack in us-east-1, so this needs env.account and env.region.
     */
    edge: z.strictObject({ rateLimitPer5Minutes: z.number().int().min(100).max(2_000_000_000) }).optional(),
    /** Where alarms are emailed (an SNS subscription the recipient confirms); omit to only publish to the topic. */
    alarms: z.strictObject({ email: z.email().optional() }),
    functions: z.strictObject({
      memoryMb: z.number().int().min(128).max(10240),
      timeoutSeconds: z.number().int().min(1).max(29),
      logRetentionDays: z.number().refine((days) => (logRetentionDays as readonly number[]).includes(days), {
        message: `must be one of ${logRetentionDays.join(', ')}`,
      }),
      logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    }),
    auth: z.strictObject({
      /**
       * Cognito hosted-domain prefix (unique in the region across all of Cognito) of the managed login and
       * the OAuth endpoints. Unset: relay-<stage>- and the first block of the stack's id (infra/constructs/auth.ts).
       */
      domainPrefix: z
        .string()
        .regex(/^[a-z0-9](-?[a-z0-9])*$/)
        .max(63)
        .optional(),
      /** Where the hosted sign-in may send users back to. */
      callbackUrls: z.array(z.url()).min(1),
      /** `required`: every user signs in with a TOTP second factor (prod); `optional`: users may add one. */
      mfa: z.enum(['optional', 'required']),
      /** Cognito threat protection (compromised credentials, adaptive authentication): the Plus feature plan, billed per user. */
      threatProtection: z.boolean(),
      /**
       * The systems that call the API as themselves (client credentials): one Cognito app client each,
       * allowed only the `relay/<role>` scopes listed, so a leaked secret of one integration cannot
       * mint a token for a role it was never given.
       */
      integrations: z
        .array(
          z.strictObject({
            name: z
              .string()
              .regex(/^[a-z][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes, such as "partner-crm"'),
            scopes: z
              .array(z.templateLiteral(['relay/', z.enum(roles)]))
              .min(1)
              .refine((scopes) => new Set(scopes).size === scopes.length, { message: 'each scope once' }),
          }),
        )
        .refine((integrations) => new Set(integrations.map(({ name }) => name)).size === integrations.length, {
          message: 'each integration name once',
        }),
    }),
    email: z.strictObject({
      /** Sender of Relay's own emails; its domain must be a verified SES identity. */
      from: z
        .string()
        .regex(/^(.+<)?[^@<>\s]+@[^@<>\s]+\.[^@<>\s]+>?$/, 'an address such as "Relay <no-reply@example.com>"'),
      /** The account's SES send rate: a segment's first campaign emails are spread out to it. */
      sendsPerSecond: z.number().int().min(1).max(10_000),
      /**
       * Campaign mail's Reply-To: an address on a domain SES receives mail for (its MX points at SES).
       * Replies reach the contact's timeline and end journeys that exit on reply. Unset: replies go to
       * `from` and Relay never sees them.
       */
      replyTo: z.email().optional(),
    }),
    /**
     * The service desk's mailbox: an address on a domain SES receives mail for (its MX points at SES) and
     * a verified SES identity. Mail to it opens or threads onto tickets; agents' answers come from it.
     * Unset: no email channel (answers are recorded, not emailed).
     */
    support: z
      .strictObject({
        address: z.email(),
        /** A customer's email reopens a resolved ticket this many days after it was resolved; later, it opens a linked one. */
        reopenWithinDays: z.number().int().min(0).max(365),
        /** How long the raw emails SES stores for the support-email function stay in their bucket. */
        rawMailRetentionDays: z.number().int().min(1).max(3650),
      })
      .optional(),
    events: z.strictObject({
      /** How long the bus archive keeps events for replay. */
      archiveRetentionDays: z.number().int().min(1).max(3650),
    }),
    workflows: z.strictObject({
      contactFollowUpAfterSeconds: z
        .number()
        .int()
        .min(60)
        .max(365 * 24 * 3600),
      leadSlaSeconds: z
        .number()
        .int()
        .min(60)
        .max(30 * 24 * 3600),
    }),
  })
  .refine((config) => config.table.encryption !== 'customer-managed' || config.env?.region !== undefined, {
    message: 'a customer-managed table key needs env.region: a DynamoDB global table names its key per region',
    path: ['env', 'region'],
  })
  .refine((config) => !config.edge || (config.env?.account !== undefined && config.env.region !== undefined), {
    message:
      'edge (CloudFront + WAF) needs env.account and env.region: its WebACL is in a second stack in us-east-1, referenced across regions',
    path: ['edge'],
  });
export type StageConfig = z.infer<typeof StageConfig>;
