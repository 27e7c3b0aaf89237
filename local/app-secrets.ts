import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalAppSecrets {
  masterKey: string;
  webhookSources: Record<string, string[]>;
}

/** The demo partner that may post signed leads to /webhooks/leads?source=demo-partner. */
export const demoWebhookSource = 'demo-partner';

/**
 * The local stand-in for the Secrets Manager secret: a random master key and a demo webhook source,
 * kept beside the local data so links and secrets survive restarts.
 */
export function localAppSecrets(file?: string): LocalAppSecrets {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalAppSecrets;
  const secrets = {
    masterKey: randomBytes(32).toString('base64url'),
    webhookSources: { [demoWebhookSource]: [`whsec_${randomBytes(24).toString('base64')}`] },
  };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
