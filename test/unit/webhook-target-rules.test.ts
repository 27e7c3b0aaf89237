import { describe, expect, it } from 'vitest';
import { isForbiddenAddress, targetProblem } from '#shared/webhooks/webhook-target.rules.ts';
import {
  classifyResponse,
  nextAttemptAt,
  retryDelaysSeconds,
  retryTimerName,
  wantsEvent,
} from '#shared/webhooks/webhook-delivery.rules.ts';

describe('webhook targets (SSRF guard)', () => {
  it('refuse loopback, private, link-local (cloud metadata), CGNAT and their IPv6 and IPv4-mapped forms', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isForbiddenAddress(address), address).toBe(false);
  });

  it('accept only public https URLs in AWS, and anything on the local stack', () => {
    const strict = { allowPrivate: false };
    expect(targetProblem('https://hooks.partner.example/relay', strict)).toBeUndefined();
    expect(targetProblem('http://hooks.partner.example/relay', strict)).toBe('webhooks are delivered over https only');
    expect(targetProblem('https://127.0.0.1/hook', strict)).toMatch(/private, loopback or link-local/);
    expect(targetProblem('https://[::1]/hook', strict)).toMatch(/private, loopback or link-local/);
    expect(targetProblem('https://169.254.169.254/latest/meta-data', strict)).toMatch(/private/);
    expect(targetProblem('https://localhost/hook', strict)).toBe('the URL points at a local name');
    expect(targetProblem('https://db.internal/hook', strict)).toBe('the URL points at a local name');
    expect(targetProblem('https://user:pw@hooks.partner.example/', strict)).toBe('the URL may not carry credentials');
    expect(targetProblem('http://127.0.0.1:9999/hook', { allowPrivate: true })).toBeUndefined();
  });
});

describe('webhook delivery rules', () => {
  it('back off 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h, then give up', () => {
    const failedAt = new Date('2026-11-23T10:00:00.000Z');
    expect(nextAttemptAt(1, failedAt)).toBe('2026-11-23T10:00:30.000Z');
    expect(nextAttemptAt(4, failedAt)).toBe('2026-11-23T11:00:00.000Z');
    expect(nextAttemptAt(retryDelaysSeconds.length, failedAt)).toBe('2026-11-23T22:00:00.000Z');
    expect(nextAttemptAt(retryDelaysSeconds.length + 1, failedAt)).toBeUndefined();
  });

  it('name each retry timer uniquely within Scheduler’s 64 characters, even for long event ids', () => {
    const longId = `survey-response-${'x'.repeat(26)}`;
    const names = [2, 3, 8].map((attempt) => retryTimerName('01JSUBSCRIPT10N00000000000', longId, attempt));
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
    expect(names[0]).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('count 2xx as delivered, 410 as gone, anything else as worth retrying', () => {
    expect([200, 204, 301, 404, 410, 500, 503].map(classifyResponse)).toEqual([
      'delivered',
      'delivered',
      'retry',
      'retry',
      'gone',
      'retry',
      'retry',
    ]);
  });

  it('deliver what a subscription asked for, or everything with *, and nothing when disabled', () => {
    expect(wantsEvent({ status: 'active', eventTypes: ['Deal Won'] }, 'Deal Won')).toBe(true);
    expect(wantsEvent({ status: 'active', eventTypes: ['Deal Won'] }, 'Deal Lost')).toBe(false);
    expect(wantsEvent({ status: 'active', eventTypes: ['*'] }, 'Lead Scored')).toBe(true);
    expect(wantsEvent({ status: 'disabled', eventTypes: ['*'] }, 'Lead Scored')).toBe(false);
  });
});
