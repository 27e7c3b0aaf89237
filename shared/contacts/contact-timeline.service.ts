import { decodeMergeCursor, encodeMergeCursor, mergeNewestFirst } from '../common/newest-first-merge.ts';
import type { Page } from '../db/pagination.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import type { ContactRepository } from './contact.repository.ts';
import {
  dealTimelineStream,
  fixedTimelineStreams,
  isTimelinePosition,
  isTimelineStream,
  type ContactTimelineRepository,
} from './contact-timeline.repository.ts';
import type { ContactTimelineQuery, TimelineEntry } from './contact-timeline.schema.ts';

export interface ContactTimelineDeps {
  contacts: ContactRepository;
  deals: DealRepository;
  contactTimelines: ContactTimelineRepository;
}

/** The newest deals of a contact whose stage moves are on its timeline (each is one more query per page). */
export const dealsOnTimeline = 10;

/**
 * A page of the contact's history across every channel, newest first: activities, engagements,
 * consent changes and its deals' stage moves, merged from their streams. The cursor keeps each
 * stream's position, and the set of deals fixed on the first page.
 */
export async function contactTimeline(
  deps: ContactTimelineDeps,
  contactId: string,
  query: ContactTimelineQuery,
): Promise<Page<TimelineEntry>> {
  const resumed = query.cursor
    ? decodeMergeCursor(query.cursor, contactId, isTimelineStream, isTimelinePosition)
    : undefined;
  if (resumed && !validStreams(resumed.streams))
    throw new ValidationFailed('The cursor is not valid for this listing.', [
      { pointer: '/cursor', message: 'not a cursor returned by this listing' },
    ]);
  const contact = await deps.contacts.get(contactId);
  if (!contact) throw new NotFound(`There is no contact ${contactId}.`);
  const streams = resumed?.streams ?? [
    ...fixedTimelineStreams,
    ...(await deps.deals.listByContact(contactId, dealsOnTimeline)).items.map((deal) => dealTimelineStream(deal.id)),
  ];
  const page = await mergeNewestFirst(
    deps.contactTimelines.streams(contactId, streams),
    resumed?.state ?? new Map(),
    query.limit,
  );
  return {
    items: page.items,
    ...(page.state ? { nextCursor: encodeMergeCursor(contactId, streams, page.state) } : {}),
  };
}

/** The fixed streams first, in their order, then at most `dealsOnTimeline` deals. */
function validStreams(streams: readonly string[]): boolean {
  const fixed = streams.slice(0, fixedTimelineStreams.length);
  const deals = streams.slice(fixedTimelineStreams.length);
  return (
    fixed.join(',') === fixedTimelineStreams.join(',') &&
    deals.length <= dealsOnTimeline &&
    deals.every((name) => !(fixedTimelineStreams as readonly string[]).includes(name))
  );
}
