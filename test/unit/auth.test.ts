import { describe, expect, it } from 'vitest';
import { principalFrom } from '#functions/http/kit/principal.ts';
import { actsAsSalesRep, requireOwnershipForSales, requireRole } from '#shared/auth/policy.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { Forbidden, Unauthenticated } from '#shared/errors.ts';
import { anHttpEvent } from '../support/http-events.ts';

const withClaims = (claims: Record<string, unknown>, scopes: string[] | null = null) => {
  const event = anHttpEvent();
  Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes } } });
  return event;
};

describe('principalFrom (claims as API Gateway passes them)', () => {
  it('reads Cognito groups in the flattened "[a b]" form API Gateway uses', () => {
    expect(principalFrom(withClaims({ sub: 'u1', 'cognito:groups': '[sales marketing]', username: 'ada' }))).toEqual({
      kind: 'user',
      subject: 'u1',
      roles: ['sales', 'marketing'],
    });
  });

  it('reads groups given as a real array too, ignoring groups that are not Relay roles', () => {
    expect(
      principalFrom(withClaims({ sub: 'u1', 'cognito:groups': ['admin', 'beta-testers'], username: 'x' })).roles,
    ).toEqual(['admin']);
  });

  it('gives machine clients the roles of their relay/<role> scopes', () => {
    expect(
      principalFrom(withClaims({ sub: 'client-1', client_id: 'client-1' }, ['relay/marketing', 'other/scope'])),
    ).toEqual({
      kind: 'client',
      subject: 'client-1',
      roles: ['marketing'],
    });
    expect(principalFrom(withClaims({ sub: 'client-1', scope: 'relay/admin' })).roles).toEqual(['admin']);
  });

  it('refuses a request with no verified claims', () => {
    expect(() => principalFrom(anHttpEvent())).toThrow(Unauthenticated);
  });
});

describe('policy', () => {
  const user = (...roles: Principal['roles']): Principal => ({ kind: 'user', subject: 's', roles });

  it('requireRole lets any listed role through and refuses the rest with 403', () => {
    expect(() => requireRole(user('marketing'), ['admin', 'marketing'], 'x')).not.toThrow();
    expect(() => requireRole(user('sales'), ['admin', 'marketing'], 'manage segments')).toThrow(Forbidden);
    expect(() => requireRole(user(), ['admin'], 'x')).toThrow(Forbidden);
  });

  it('limits sales reps to records they own, on every side of a change', () => {
    const rep = user('sales');
    expect(() => requireOwnershipForSales(rep, 'O1', ['O1'], 'deals')).not.toThrow();
    expect(() => requireOwnershipForSales(rep, 'O1', ['O2'], 'deals')).toThrow(Forbidden);
    expect(() => requireOwnershipForSales(rep, 'O1', ['O1', 'O2'], 'deals')).toThrow(Forbidden);
    expect(() => requireOwnershipForSales(rep, 'O1', [undefined], 'deals')).toThrow(Forbidden);
    expect(() => requireOwnershipForSales(rep, undefined, [undefined], 'deals')).toThrow(Forbidden);
  });

  it('does not limit admins or marketers, nor a rep who is also an admin', () => {
    for (const principal of [user('admin'), user('marketing'), user('sales', 'admin')]) {
      expect(actsAsSalesRep(principal)).toBe(false);
      expect(() => requireOwnershipForSales(principal, undefined, ['O2'], 'deals')).not.toThrow();
    }
  });
});
