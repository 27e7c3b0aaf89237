import { useQuery } from '@tanstack/react-query';
import { requireOwnershipForSales, requireRole } from '#shared/auth/policy.ts';
import { roles as knownRoles, type Principal, type Role } from '#shared/auth/principal.ts';
import { useAuth } from '../auth/AuthProvider';
import { dataOf } from './api/client';
import { useApi } from './api/context';

export interface Me {
  principal: Principal;
  /** The signed-in sales rep's owner record, when they have one. */
  ownerId: string | undefined;
  /** The team of that owner record, when it has one ("my team's" queue). */
  teamId: string | undefined;
  ready: boolean;
  /** Whether the API would let me do something limited to `allowed` roles (the same rule, from shared/). */
  hasAnyRole(allowed: readonly Role[]): boolean;
  /**
   * Whether the API would let me change a record owned by `ownerIds` with one of `allowed` roles: the same
   * pure rules the API applies (shared/auth/policy.ts), so the console shows edit controls exactly where
   * the API would accept the edit. The API still checks.
   */
  mayChange(allowed: readonly Role[], ownerIds: readonly (string | undefined)[]): boolean;
}

function allows(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** Who I am: my roles (from the token) and, for a sales rep, the owner record the API acts as (GET /me). */
export function useMe(): Me {
  const { session } = useAuth();
  const api = useApi();
  const principal: Principal = {
    kind: 'user',
    subject: session?.subject ?? '',
    roles: (session?.roles ?? []).filter((role): role is Role => (knownRoles as readonly string[]).includes(role)),
  };
  const owner = useQuery({
    queryKey: ['me', principal.subject],
    queryFn: async () => dataOf(await api.GET('/me')),
    staleTime: 60_000,
  });
  const ownerId = owner.data?.ownerId;
  return {
    principal,
    ownerId,
    teamId: owner.data?.owner?.teamId,
    ready: !owner.isPending,
    hasAnyRole: (allowed) => allows(() => requireRole(principal, allowed, 'act')),
    mayChange: (allowed, ownerIds) =>
      allows(() => {
        requireRole(principal, allowed, 'change this');
        requireOwnershipForSales(principal, ownerId, ownerIds, 'records');
      }),
  };
}
