import type { TimelineEntry } from '#shared/contacts/contact-timeline.schema.ts';

/**
 * One entry of the contact's timeline as `GET /contacts/{contactId}/timeline` answers it: an activity
 * (note, call, meeting, task, email, SMS, chat, form submission, survey answer), an engagement (page view,
 * tracked event), a consent change, or a move of one of its deals.
 */
export type TimelineItem = TimelineEntry;

export interface TimelineDay {
  /** The day as the reader's calendar writes it (also the group's key). */
  day: string;
  items: TimelineItem[];
}

/**
 * The timeline (newest first) in days of the reader's calendar: `dayOf` writes an instant as its day
 * (useFormat().date, so a Persian reader's days are Solar Hijri days). Order is kept; an entry the API
 * repeats across pages is shown once.
 */
export function groupByDay(items: readonly TimelineItem[], dayOf: (iso: string) => string): TimelineDay[] {
  const days: TimelineDay[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const day = dayOf(item.occurredAt);
    const last = days.at(-1);
    if (last?.day === day) last.items.push(item);
    else days.push({ day, items: [item] });
  }
  return days;
}

/** A page of the timeline as the record caches it. */
export interface TimelinePage {
  items: TimelineItem[];
  nextCursor?: string;
}

/**
 * The cached pages with a just-logged entry put where the newest-first timeline has it, so it shows at
 * once (the refetch that follows confirms it). An entry already there is replaced, not doubled.
 */
export function withNewEntry(pages: readonly TimelinePage[], entry: TimelineItem): TimelinePage[] {
  const rest = pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== entry.id) }));
  const first = rest[0] ?? { items: [] };
  const at = first.items.findIndex((item) => item.occurredAt <= entry.occurredAt);
  const items = [...first.items];
  items.splice(at === -1 ? items.length : at, 0, entry);
  return [{ ...first, items }, ...rest.slice(1)];
}
