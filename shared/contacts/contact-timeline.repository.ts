import type * as z from 'zod';
import { Activity } from '../activities/activity.schema.ts';
import type { MergeSource } from '../common/newest-first-merge.ts';
import type { TableRef } from '../db/document-client.ts';
import { activityKeys, consentKeys, dealKeys, engagementKeys, type IndexPartition } from '../db/keys.ts';
import { queryNewestFirst, type NewestFirstFilter, type SortKeyRange } from '../db/query-newest-first.ts';
import { tableDesign } from '../db/table-design.ts';
import { describeIssues, reportUnreadableItem } from '../db/unreadable-items.ts';
import { StageChange } from '../deals/deal.schema.ts';
import { ConsentRecord } from '../leads/consent.repository.ts';
import { StoredEngagement } from '../scoring/engagement.repository.ts';
import {
  activityEntry,
  consentEntry,
  dealStageChangeEntry,
  engagementEntry,
  engagementKindsOnTimeline,
} from './contact-timeline.rules.ts';
import type { TimelineEntry } from './contact-timeline.schema.ts';

/** The fixed streams of every contact's timeline, in the order that breaks ties of the same instant. */
export const fixedTimelineStreams = ['activities', 'engagements', 'consent'] as const;
const dealStreamPrefix = 'deal:';
export const dealTimelineStream = (dealId: string) => `${dealStreamPrefix}${dealId}`;
const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const isTimelineStream = (name: string): boolean =>
  (fixedTimelineStreams as readonly string[]).includes(name) ||
  (name.startsWith(dealStreamPrefix) && ulid.test(name.slice(dealStreamPrefix.length)));

/**
 * A position is the sort key below a stream's prefix: `<ISO time>#<id>`. An id may be long (a reply's
 * engagement carries its Message-ID), so up to DynamoDB's 1024 for a sort key; only the engagements
 * stream has ids that long, which keeps a whole cursor within its 4096 characters.
 */
export const isTimelinePosition = (_stream: string, position: string): boolean =>
  position.length <= 1024 && /^\d{4}-\d{2}-\d{2}T[^#]{1,40}#[\s\S]+$/.test(position);

const baseTable = (partitionKey: string, prefix: string): SortKeyRange => ({
  partitionKeyName: tableDesign.partitionKey,
  partitionKey,
  sortKeyName: tableDesign.sortKey,
  prefix,
});
const index = (partition: IndexPartition): SortKeyRange => ({
  indexName: partition.indexName,
  partitionKeyName: partition.partitionKeyName,
  partitionKey: partition.partitionKey,
  sortKeyName: `${partition.indexName}sk`,
  prefix: '',
});

/**
 * A contact's timeline as streams to merge: its activities (their timeline index), its engagements and
 * consent records (prefixes of its partition) and the stage moves of its deals (each deal's partition).
 * Each stream is read newest first, one bounded query at a time.
 */
export class ContactTimelineRepository {
  constructor(private readonly table: TableRef) {}

  /** The streams named (see isTimelineStream), in that order. */
  streams(contactId: string, names: readonly string[]): MergeSource<TimelineEntry>[] {
    return names.map((name) => {
      if (name === 'activities')
        return this.stream(name, index(activityKeys.contactTimeline(contactId)), (item) =>
          parsed('Activity', Activity, item, activityEntry),
        );
      if (name === 'engagements')
        return this.stream(
          name,
          baseTable(engagementKeys.contactPartition(contactId), engagementKeys.prefix),
          (item) => parsed('Engagement', StoredEngagement, item, engagementEntry),
          {
            expression: `#kind IN (${engagementKindsOnTimeline.map((_, i) => `:kind${i}`).join(', ')})`,
            names: { '#kind': 'kind' },
            values: Object.fromEntries(engagementKindsOnTimeline.map((kind, i) => [`:kind${i}`, kind])),
          },
        );
      if (name === 'consent')
        return this.stream(name, baseTable(consentKeys.contactPartition(contactId), consentKeys.prefix), (item) =>
          parsed('ConsentRecord', ConsentRecord, item, consentEntry),
        );
      const dealId = name.slice(dealStreamPrefix.length);
      return this.stream(name, baseTable(dealKeys.item(dealId).pk, dealKeys.stageChangePrefix), (item, position) =>
        parsed('DealStageChange', StageChange, item, (change) => dealStageChangeEntry(change, position)),
      );
    });
  }

  private stream(
    name: string,
    range: SortKeyRange,
    toEntry: (item: Record<string, unknown>, position: string) => TimelineEntry | undefined,
    filter?: NewestFirstFilter,
  ): MergeSource<TimelineEntry> {
    const positionOf = (sortKey: string) => sortKey.slice(range.prefix.length);
    return {
      name,
      fetch: async (after, limit) => {
        const { items, continueBelow } = await queryNewestFirst(this.table, range, {
          limit,
          ...(after !== undefined ? { before: `${range.prefix}${after}` } : {}),
          ...(filter ? { filter } : {}),
        });
        return {
          items: items.flatMap((item) => {
            const position = positionOf(String(item[range.sortKeyName]));
            const entry = toEntry(item, position);
            return entry ? [{ position, value: entry }] : [];
          }),
          ...(continueBelow !== undefined ? { resumeAfter: positionOf(continueBelow) } : {}),
        };
      },
    };
  }
}

/** The entry of a stored item, or none (reported) when its read schema refuses it: one bad item cannot fail a page. */
function parsed<T>(
  entity: string,
  schema: z.ZodType<T>,
  item: Record<string, unknown>,
  toEntry: (value: T) => TimelineEntry | undefined,
): TimelineEntry | undefined {
  const result = schema.safeParse(item);
  if (result.success) return toEntry(result.data);
  reportUnreadableItem({
    entity,
    key: { pk: String(item.pk), sk: String(item.sk) },
    issues: describeIssues(result.error),
  });
  return undefined;
}
