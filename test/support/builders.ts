import { randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { newContact } from '#shared/contacts/contact.rules.ts';
import { CreatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import { CreateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { CreateContactRequest, type Contact } from '#shared/contacts/contact.schema.ts';
import type { Actor } from '#shared/auth/actor.ts';
import type { AppContext } from '#shared/context.ts';

/** A clock that stands still until moved, and ULIDs from it: deterministic tests. */
export function fixedContext(start = '2026-11-01T09:00:00.000Z'): AppContext & { advance(ms: number): void } {
  let now = Date.parse(start);
  const ulid = monotonicFactory();
  return { now: () => new Date(now), newId: () => ulid(now), advance: (ms) => void (now += ms) };
}

export const anOwnerId = () => monotonicFactory()();

/** A valid create-contact request with a unique email unless given. */
export function aContactRequest(overrides: Partial<CreateContactRequest> = {}): CreateContactRequest {
  return CreateContactRequest.parse({ email: `person-${randomUUID()}@example.com`, firstName: 'Pat', ...overrides });
}

export function aContact(overrides: Partial<CreateContactRequest> = {}, context: AppContext = fixedContext()): Contact {
  return newContact(aContactRequest(overrides), context);
}

/** Actors for service calls: an admin, a marketer, a sales rep and a support agent acting as `ownerId`. */
export const anAdmin = (): Actor => ({ principal: { kind: 'user', subject: 'test-admin', roles: ['admin'] } });
export const aMarketer = (): Actor => ({
  principal: { kind: 'user', subject: 'test-marketing', roles: ['marketing'] },
});
export const aSalesRep = (ownerId?: string): Actor => ({
  principal: { kind: 'user', subject: `test-sales-${ownerId ?? 'unlinked'}`, roles: ['sales'] },
  ...(ownerId ? { ownerId } : {}),
});

/** A support agent acting as `ownerId`: works their own and unassigned tickets, and their managed teams'. */
export const aSupportAgent = (ownerId?: string): Actor => ({
  principal: { kind: 'user', subject: `test-support-${ownerId ?? 'unlinked'}`, roles: ['support'] },
  ...(ownerId ? { ownerId } : {}),
});

export const aPipelineRequest = (name = 'New business') =>
  CreatePipelineRequest.parse({
    name,
    stages: [
      { id: 'qualified', name: 'Qualified', probability: 0.2 },
      { id: 'proposal', name: 'Proposal sent', probability: 0.5 },
      { id: 'negotiation', name: 'Negotiation', probability: 0.8 },
      { id: 'won', name: 'Closed won', probability: 1, kind: 'won' },
      { id: 'lost', name: 'Closed lost', probability: 0, kind: 'lost' },
    ],
  });

export const anOwnerRequest = (overrides: Partial<CreateOwnerRequest> = {}): CreateOwnerRequest =>
  CreateOwnerRequest.parse({ name: 'Sam Rep', email: `rep-${randomUUID()}@relay.example`, ...overrides });
