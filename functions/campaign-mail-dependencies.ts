import type { CampaignMailSettings, EmailPreviewDeps, TestSendDeps } from '#shared/campaigns/campaign-email.service.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { deps } from './dependencies.ts';
import { cognitoUserDirectory } from './user-directory.ts';

/** How campaign mail goes out on this stage, as the campaign-step task sends it (functions/timed-dependencies.ts). */
export function campaignMailSettings(): CampaignMailSettings {
  return {
    from: process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>',
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
    ...(process.env.EMAIL_REPLY_TO ? { replyTo: process.env.EMAIL_REPLY_TO } : {}),
  };
}

/** What previewing a campaign email needs: the campaign, the contact and their owner, and the mail settings. */
export function emailPreviewDeps(): EmailPreviewDeps {
  return { ...deps(), mail: campaignMailSettings() };
}

/** What a test send needs besides: SES with the campaign configuration set, the user pool, idempotency and rate limits. */
export function testSendDeps(): TestSendDeps {
  const mail = campaignMailSettings();
  return {
    ...deps(),
    mail,
    email: new EmailSender(tableRefFromEnvironment(), mail.from, undefined, process.env.SES_CONFIGURATION_SET),
    users: cognitoUserDirectory(),
  };
}
