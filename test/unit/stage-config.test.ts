import { describe, expect, it } from 'vitest';
import { stageConfig, stageNames } from '#infra/config/stages.ts';

describe('stage config', () => {
  it('has valid config for every stage', () => {
    expect(stageNames).toEqual(['dev', 'staging', 'prod']);
    for (const stage of stageNames) expect(stageConfig(stage).stage).toBe(stage);
  });

  it('keeps prod data: retained, deletion-protected, point-in-time recovery', () => {
    expect(stageConfig('prod')).toMatchObject({
      removal: 'retain',
      table: { deletionProtection: true, pointInTimeRecovery: true },
    });
  });

  it('names the known stages when given an unknown one', () => {
    expect(() => stageConfig('qa')).toThrow(/Unknown stage "qa".*dev, staging, prod/);
    expect(() => stageConfig(undefined)).toThrow(/-c stage=/);
  });

  it('says what is wrong with an invalid override', () => {
    expect(() => stageConfig('dev', { env: { account: 'not-an-account' } })).toThrow(
      /Invalid config for stage dev[\s\S]*account/,
    );
  });
});
