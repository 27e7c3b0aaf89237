import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { decodeCursor, encodeCursor } from '../db/pagination.ts';
import { NotFound } from '../errors.ts';
import { timerName, type TimerScheduler } from '../scheduling/timers.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { SegmentRepository } from './segment.repository.ts';
import { matchesSegment, planSegmentQuery, type SegmentQueryPlan } from './segment.rules.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type {
  SegmentCount,
  SegmentCountJob,
  SegmentFilter,
  SegmentPreview,
  SegmentPreviewRequest,
} from './segment.schema.ts';

export interface SegmentCountDeps {
  segments: SegmentRepository;
  contacts: ContactRepository;
  timers: TimerScheduler;
  context: AppContext;
  /** Contacts read per call; `countBudgetPerCall` unless a test makes it smaller. */
  countBudget?: number;
}

/** Contacts one request, or one background task, reads at most while counting (keeps each bounded). */
export const countBudgetPerCall = 5_000;
/** A background count is answered again, instead of recounting, for this long (`?refresh=true` recounts). */
const backgroundCountFreshMs = 15 * 60_000;

/**
 * How many contacts a segment holds. A segment whose index partition reads within one request's budget is
 * counted now; a bigger one is counted by the segment-count workflow page by page, and this answers
 * `counting` until it is done, then the finished count until it is 15 minutes old (or the segment changes).
 */
export async function segmentCount(
  deps: SegmentCountDeps,
  segmentId: string,
  options: { refresh?: boolean } = {},
): Promise<SegmentCount> {
  const segment = await deps.segments.get(segmentId);
  if (!segment) throw new NotFound(`There is no segment ${segmentId}.`);
  const now = isoNow(deps.context);
  const staleBefore = new Date(Date.parse(now) - backgroundCountFreshMs).toISOString();
  const stored = await deps.segments.getCount(segmentId);
  if (stored && stored.segmentVersion === segment.version && stored.startedAt >= staleBefore && !options.refresh)
    return stored.status === 'done'
      ? {
          status: 'done',
          count: stored.count,
          examined: stored.examined,
          plan: stored.plan,
          countedAt: stored.countedAt,
        }
      : { status: 'counting', examined: stored.examined, plan: stored.plan, startedAt: stored.startedAt };

  const firstPage = await countPage(deps, segment.filter, { count: 0, examined: 0 });
  if (!firstPage.nextCursor)
    return {
      status: 'done',
      count: firstPage.count,
      examined: firstPage.examined,
      plan: firstPage.plan,
      countedAt: now,
    };

  const job: SegmentCountJob = { segmentId, segmentVersion: segment.version, startedAt: now };
  if (!(await deps.segments.claimCount(job, firstPage.examined, firstPage.plan, staleBefore))) {
    const running = await deps.segments.getCount(segmentId);
    if (running?.status === 'counting')
      return { status: 'counting', examined: running.examined, plan: running.plan, startedAt: running.startedAt };
  }
  await deps.timers.scheduleOnce({
    name: timerName('sc', segmentId, segment.version, Date.parse(now)),
    target: 'segment-count',
    at: now,
    payload: {
      ...job,
      page: { count: firstPage.count, examined: firstPage.examined, nextCursor: firstPage.nextCursor },
    },
  });
  return { status: 'counting', examined: firstPage.examined, plan: firstPage.plan, startedAt: now };
}

/** One task of the segment-count workflow: counts the next budget's worth, and records the count after the last. */
export async function countSegmentPage(
  deps: Pick<SegmentCountDeps, 'segments' | 'contacts' | 'context' | 'countBudget'>,
  job: SegmentCountJob & { page: { count: number; examined: number; nextCursor?: string } },
): Promise<{ count: number; examined: number; nextCursor?: string }> {
  const segment = await deps.segments.get(job.segmentId);
  // A deleted or changed segment's count is no longer wanted; the next request counts the new filter.
  if (!segment || segment.version !== job.segmentVersion) return { count: job.page.count, examined: job.page.examined };
  const page = await countPage(deps, segment.filter, job.page);
  if (!page.nextCursor)
    await deps.segments.finishCount(job, {
      count: page.count,
      examined: page.examined,
      plan: page.plan,
      countedAt: isoNow(deps.context),
    });
  return { count: page.count, examined: page.examined, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * What criteria not saved yet select (the segment builder's live count): the same count as a saved segment's
 * first request, within the same budget of one request, and the first `sampleSize` members. Criteria whose
 * index holds more than the budget are answered `partial` (the members among the contacts read): only a saved
 * segment is counted to the end, by the background count.
 */
export async function previewSegment(
  deps: Pick<SegmentCountDeps, 'contacts' | 'countBudget'>,
  request: SegmentPreviewRequest,
): Promise<SegmentPreview> {
  const sample: Contact[] = [];
  const page = await countPage(
    deps,
    request.filter,
    { count: 0, examined: 0 },
    { sample, sampleSize: request.sampleSize },
  );
  return {
    status: page.nextCursor ? 'partial' : 'done',
    count: page.count,
    examined: page.examined,
    plan: page.plan,
    sample,
  };
}

/** Counts matching contacts from `from` on until the budget is read or the partition ends (keeping the first few). */
async function countPage(
  deps: Pick<SegmentCountDeps, 'contacts' | 'countBudget'>,
  filter: SegmentFilter,
  from: { count: number; examined: number; nextCursor?: string },
  keep: { sample: Contact[]; sampleSize: number } = { sample: [], sampleSize: 0 },
): Promise<{ count: number; examined: number; plan: string; nextCursor?: string }> {
  const plan = planSegmentQuery(filter);
  let { count, examined } = from;
  let startKey: Record<string, unknown> | undefined = decodeCursor(from.nextCursor, plan.partition);
  const budget = deps.countBudget ?? countBudgetPerCall;
  let read = 0;
  do {
    const page = await deps.contacts.readPartition(plan.partition, {
      limit: Math.min(1000, budget - read),
      ...(startKey ? { startKey } : {}),
      ...range(plan),
    });
    read += page.entries.length;
    examined += page.entries.length;
    for (const { contact } of page.entries) {
      if (!matchesSegment(contact, filter)) continue;
      count += 1;
      if (keep.sample.length < keep.sampleSize) keep.sample.push(contact);
    }
    startKey = page.lastKey;
  } while (startKey && read < budget);
  const nextCursor = encodeCursor(startKey);
  return { count, examined, plan: plan.basis, ...(nextCursor ? { nextCursor } : {}) };
}

const range = (plan: SegmentQueryPlan) => (plan.sortKeyBetween ? { sortKeyBetween: plan.sortKeyBetween } : {});
