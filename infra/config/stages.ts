import * as z from 'zod';
import { StageConfig } from './stage-config.ts';

const day = 24 * 3600;

const stages = {
  dev: {
    stage: 'dev',
    removal: 'destroy',
    table: {
      deletionProtection: false,
      pointInTimeRecovery: true,
      encryption: 'aws-managed',
      capacity: { mode: 'on-demand' },
    },
    api: { throttle: { rateLimit: 50, burstLimit: 100 } },
    alarms: {},
    functions: { memoryMb: 512, timeoutSeconds: 10, logRetentionDays: 14, logLevel: 'DEBUG' },
    auth: {
      callbackUrls: ['http://localhost:5173/callback'],
      mfa: 'optional',
      threatProtection: false,
      integrations: [
        { name: 'partner-crm', scopes: ['relay/sales'] },
        { name: 'marketing-automation', scopes: ['relay/marketing'] },
      ],
    },
    email: { from: 'Relay <no-reply@relay.invalid>', sendsPerSecond: 1, replyTo: 'replies@dev.relay.invalid' },
    support: { address: 'support@dev.relay.invalid', reopenWithinDays: 7, rawMailRetentionDays: 14 },
    events: { archiveRetentionDays: 7 },
    workflows: { contactFollowUpAfterSeconds: day, leadSlaSeconds: 4 * 3600 },
  },
  staging: {
    stage: 'staging',
    removal: 'destroy',
    table: {
      deletionProtection: false,
      pointInTimeRecovery: true,
      encryption: 'aws-managed',
      capacity: { mode: 'on-demand' },
    },
    api: { throttle: { rateLimit: 200, burstLimit: 400 } },
    alarms: {},
    functions: { memoryMb: 512, timeoutSeconds: 10, logRetentionDays: 30, logLevel: 'INFO' },
    auth: {
      callbackUrls: ['https://staging.relay.invalid/callback'],
      mfa: 'optional',
      threatProtection: false,
      integrations: [{ name: 'partner-crm', scopes: ['relay/sales'] }],
    },
    email: {
      from: 'Relay <no-reply@staging.relay.invalid>',
      sendsPerSecond: 14,
      replyTo: 'replies@staging.relay.invalid',
    },
    support: { address: 'support@staging.relay.invalid', reopenWithinDays: 7, rawMailRetentionDays: 14 },
    events: { archiveRetentionDays: 30 },
    workflows: { contactFollowUpAfterSeconds: day, leadSlaSeconds: 4 * 3600 },
  },
  prod: {
    stage: 'prod',
    // Set to your region: the KMS-encrypted table needs it (deploying elsewhere fails fast).
    env: { region: 'eu-west-1' },
    removal: 'retain',
    table: {
      deletionProtection: true,
      pointInTimeRecovery: true,
      encryption: 'customer-managed',
      capacity: { mode: 'on-demand' },
    },
    api: { throttle: { rateLimit: 1000, burstLimit: 2000 } },
    alarms: { email: 'ops@relay.invalid' },
    functions: { memoryMb: 1024, timeoutSeconds: 10, logRetentionDays: 365, logLevel: 'INFO' },
    auth: {
      callbackUrls: ['https://relay.invalid/callback'],
      mfa: 'required',
      threatProtection: true,
      // One app client per system that calls the API, each with only the scopes it needs.
      integrations: [{ name: 'partner-crm', scopes: ['relay/sales'] }],
    },
    email: { from: 'Relay <no-reply@relay.invalid>', sendsPerSecond: 14, replyTo: 'replies@relay.invalid' },
    support: { address: 'support@relay.invalid', reopenWithinDays: 7, rawMailRetentionDays: 30 },
    events: { archiveRetentionDays: 365 },
    workflows: { contactFollowUpAfterSeconds: day, leadSlaSeconds: 4 * 3600 },
  },
} satisfies Record<string, StageConfig>;

export type StageName = keyof typeof stages;
export const stageNames = Object.keys(stages) as StageName[];

/** The validated config of `stage`; an unknown stage or an invalid config fails with a message saying what to fix. */
export function stageConfig(stage: string | undefined, overrides: Partial<Pick<StageConfig, 'env'>> = {}): StageConfig {
  if (!stage || !(stage in stages)) {
    throw new Error(`Unknown stage "${stage ?? ''}". Pass -c stage=<name> with one of: ${stageNames.join(', ')}.`);
  }
  const result = StageConfig.safeParse({ ...stages[stage as StageName], ...overrides });
  if (!result.success) throw new Error(`Invalid config for stage ${stage}:\n${z.prettifyError(result.error)}`);
  return result.data;
}
