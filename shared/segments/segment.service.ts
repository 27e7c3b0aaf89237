import { assertExpectedVersion, writeVersioned } from '../common/guards.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type { AppContext } from '../context.ts';
import { decodeCursor, encodeCursor, type Page } from '../db/pagination.ts';
import { NotFound } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { SegmentRepository } from './segment.repository.ts';
import { matchesSegment, planSegmentQuery, type SegmentQueryPlan } from './segment.rules.ts';
import type { CreateSegmentRequest, Segment, SegmentMembersQuery, UpdateSegmentRequest } from './segment.schema.ts';

export interface SegmentDeps {
  segments: SegmentRepository;
  contacts: ContactRepository;
  context: AppContext;
}

/** Items read from the index per round trip while evaluating a segment. */
const readPageSize = 200;
/** Items one members request reads at most before handing back a cursor (keeps a request bounded). */
const readBudgetPerRequest = 5000;

export async function createSegment(deps: SegmentDeps, request: CreateSegmentRequest): Promise<Segment> {
  const segment = stampNew(request, deps.context);
  await deps.segments.create(segment);
  return segment;
}

export async function getSegment(deps: Pick<SegmentDeps, 'segments'>, segmentId: string): Promise<Segment> {
  const segment = await deps.segments.get(segmentId);
  if (!segment) throw new NotFound(`There is no segment ${segmentId}.`);
  return segment;
}

export async function updateSegment(
  deps: SegmentDeps,
  segmentId: string,
  patch: UpdateSegmentRequest,
  expectedVersion?: number,
): Promise<Segment> {
  const before = await getSegment(deps, segmentId);
  assertExpectedVersion(before, expectedVersion, 'segment');
  const { after, changedFields } = applyMergePatch(before, patch, deps.context);
  if (changedFields.length === 0) return before;
  await writeVersioned(() => deps.segments.update(before, after), 'segment', expectedVersion);
  return after;
}

export async function deleteSegment(deps: SegmentDeps, segmentId: string, expectedVersion?: number): Promise<void> {
  const segment = await getSegment(deps, segmentId);
  assertExpectedVersion(segment, expectedVersion, 'segment');
  await writeVersioned(() => deps.segments.delete(segment), 'segment', expectedVersion);
}

export function listSegments(
  deps: Pick<SegmentDeps, 'segments'>,
  query: { limit: number; cursor?: string },
): Promise<Page<Segment>> {
  return deps.segments.listAll(query.limit, query.cursor);
}

/**
 * A page of the segment's members, newest first. Reads the planned index partition and filters;
 * a page may hold fewer than `limit` members (even none) while `nextCursor` says there is more to read.
 */
export async function segmentMembers(
  deps: SegmentDeps,
  segmentId: string,
  query: SegmentMembersQuery,
): Promise<Page<Contact> & { plan: string }> {
  const { filter } = await getSegment(deps, segmentId);
  const plan = planSegmentQuery(filter);
  const members: Contact[] = [];
  let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, plan.partition);
  let read = 0;
  while (read < readBudgetPerRequest) {
    const page = await deps.contacts.readPartition(plan.partition, {
      limit: readPageSize,
      ...(startKey ? { startKey } : {}),
      ...range(plan),
    });
    read += page.entries.length;
    for (const [index, { contact, resumeKey }] of page.entries.entries()) {
      if (!matchesSegment(contact, filter)) continue;
      members.push(contact);
      const moreToRead = index < page.entries.length - 1 || page.lastKey !== undefined;
      if (members.length === query.limit)
        return { items: members, plan: plan.basis, ...(moreToRead ? { nextCursor: encodeCursor(resumeKey) } : {}) };
    }
    if (!page.lastKey) return { items: members, plan: plan.basis };
    startKey = page.lastKey;
  }
  return { items: members, plan: plan.basis, ...(startKey ? { nextCursor: encodeCursor(startKey) } : {}) };
}

const range = (plan: SegmentQueryPlan) => (plan.sortKeyBetween ? { sortKeyBetween: plan.sortKeyBetween } : {});
