import { createHmac } from 'node:crypto';

/**
 * A subscription's signing secret, derived from the app's webhook key, the subscription id and its
 * secret version: shown when created or rotated, never stored (a table dump holds no secrets).
 */
export function subscriptionSecret(signingKey: string, subscriptionId: string, secretVersion: number): string {
  return `whsec_${createHmac('sha256', signingKey).update(`${subscriptionId}:${secretVersion}`).digest('base64')}`;
}
