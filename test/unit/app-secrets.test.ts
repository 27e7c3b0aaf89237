import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appSecrets, forgetSecrets, secretMaxAgeSeconds } from '#functions/secrets.ts';

const secretsManager = mockClient(SecretsManagerClient);
// The pure tests share a process (vitest.config.ts): the client's prototype is put back for the next file.
afterAll(() => secretsManager.restore());
const stored = (masterKey: string, webhookSources: Record<string, string[]> = {}) => ({
  SecretString: JSON.stringify({ masterKey, webhookSources }),
});
const reads = () => secretsManager.commandCalls(GetSecretValueCommand).length;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T10:00:00Z') });
  secretsManager.reset();
  forgetSecrets();
  process.env.APP_SECRETS_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:relay-app';
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.APP_SECRETS_ARN;
});

describe('app secrets in AWS', () => {
  it('are read from Secrets Manager at most once per max age, and a rotated secret is used after it', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(stored('a'.repeat(48)));
    const first = await appSecrets();
    expect(reads()).toBe(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: process.env.APP_SECRETS_ARN,
    });

    // Rotated (or an admin added a webhook source): within the max age the cached value still serves.
    secretsManager.on(GetSecretValueCommand).resolves(stored('b'.repeat(48), { crm: ['whsec_new'] }));
    vi.setSystemTime(Date.now() + (secretMaxAgeSeconds - 1) * 1000);
    expect(await appSecrets()).toEqual(first);
    expect(reads()).toBe(1);

    // After it, the next request reads the new version.
    vi.setSystemTime(Date.now() + 2000);
    const rotated = await appSecrets();
    expect(reads()).toBe(2);
    expect(rotated.formTokenKey).not.toBe(first.formTokenKey);
    expect(rotated.webhookSources).toEqual({ crm: ['whsec_new'] });
  });

  it('keep a container’s reads to one per max age however many requests ask', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(stored('c'.repeat(48)));
    await appSecrets();
    for (let minute = 1; minute <= 12; minute++) {
      vi.setSystemTime(Date.now() + 60_000);
      await Promise.all([appSecrets(), appSecrets()]);
    }
    // 12 minutes, a max age of 5: the first read, then one each time it lapsed.
    expect(reads()).toBeLessThanOrEqual(1 + Math.ceil((12 * 60) / secretMaxAgeSeconds) * 2);
    expect(reads()).toBeGreaterThanOrEqual(1 + Math.floor((12 * 60) / secretMaxAgeSeconds));
  });
});
