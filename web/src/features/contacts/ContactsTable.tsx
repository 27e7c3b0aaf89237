import { Anchor, Badge, Table } from '@mantine/core';
import {
  defaultRangeExtractor,
  measureElement as measureWithObserver,
  useWindowVirtualizer,
  type Range,
  type Virtualizer,
} from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ariaRowCount, ariaRowIndex, needsNextPage, type LoadedRows } from '../../lib/cursor-pages';
import { useFormat } from '../../lib/format';
import type { Company, Contact, Owner } from './api';

export function contactName(contact: Pick<Contact, 'firstName' | 'lastName'>): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

/**
 * Header and rows share one grid of columns: the rows are positioned one by one, so the browser's table
 * layout cannot line them up. Every column may shrink (long text wraps), so the page never scrolls sideways
 * and the header can stay under the shell's header while the page scrolls.
 */
const columnGrid =
  'minmax(0, 1.8fr) minmax(0, 2.5fr) minmax(0, 1.5fr) minmax(0, 1.3fr) minmax(0, 1.9fr) minmax(0, 0.7fr) minmax(0, 1.3fr)';
/** A row's height before it is measured (one line of text with a badge; a wrapped cell makes it taller). */
const estimatedRowHeight = 40;

/**
 * A row's height as the ResizeObserver reports it once the browser has laid the row out. Before that (the
 * row just rendered) the height known so far or the estimate: reading it at once would force a layout of
 * the whole page per row, in the middle of React's commit.
 */
function measureRow(
  row: HTMLTableRowElement,
  entry: ResizeObserverEntry | undefined,
  virtualizer: Virtualizer<Window, HTMLTableRowElement>,
) {
  if (entry) return measureWithObserver(row, entry, virtualizer);
  const key = virtualizer.options.getItemKey(virtualizer.indexFromElement(row));
  return virtualizer.itemSizeCache.get(key) ?? estimatedRowHeight;
}
/** Rows rendered beyond the window on each side, so Tab and the arrow keys always find the next row. */
const overscan = 6;
/** The next page is read when the rows rendered come within this many rows of the last one loaded. */
const readAheadRows = 20;

const cell = { overflowWrap: 'anywhere' } as const;

/**
 * One contact's cells. Memoised apart from its row: scrolling and measuring move the rows (their position
 * changes), and only rows new to the window build their cells.
 */
const ContactCells = memo(function ContactCells({
  contact,
  ownerName,
  companyName,
}: {
  contact: Contact;
  ownerName: string | undefined;
  companyName: string | undefined;
}) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const name = contactName(contact);
  const email = contact.emailDisplay ?? contact.email;
  return (
    <>
      <Table.Td role="cell" style={cell}>
        <Anchor component={Link} to={`/contacts/${contact.id}`} dir="auto">
          {name || email}
        </Anchor>
      </Table.Td>
      <Table.Td role="cell" dir="auto" style={cell}>
        {email}
      </Table.Td>
      <Table.Td role="cell" dir="auto" style={cell}>
        {contact.companyId ? (
          <Anchor component={Link} to={`/companies/${contact.companyId}`}>
            {companyName ?? contact.companyName ?? t('table.company')}
          </Anchor>
        ) : (
          contact.companyName
        )}
      </Table.Td>
      <Table.Td role="cell" dir="auto" style={cell}>
        {contact.ownerId ? (ownerName ?? contact.ownerId) : t('table.unowned')}
      </Table.Td>
      <Table.Td role="cell" style={cell}>
        <Badge variant="light" color="indigo" maw="100%">
          {t(`stages.${contact.lifecycleStage}`)}
        </Badge>
      </Table.Td>
      <Table.Td role="cell">
        {contact.leadScore
          ? t('table.score', {
              score: format.number(contact.leadScore.total),
              grade: contact.leadScore.grade,
            })
          : '—'}
      </Table.Td>
      <Table.Td role="cell">
        <time dateTime={contact.createdAt}>{format.date(contact.createdAt)}</time>
      </Table.Td>
    </>
  );
});

export interface ContactsTableProps {
  contacts: Contact[];
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
  loadedRows: LoadedRows;
  isFetching: boolean;
  /** The last attempt to read the next page failed: wait for "Load more" rather than retry in a loop. */
  failed: boolean;
  loadMore: () => void;
  /** Set anew by "Load more": once the page it asked for arrives, focus moves to its first row. */
  focusRequest?: { fromIndex: number } | undefined;
}

/**
 * The contacts loaded so far as one table, of which only the rows in the window (and a few either side)
 * are in the page: it stays light at 10,000 rows. It reads the next page as the reader scrolls, or tabs,
 * near the last loaded row. Screen readers are told the position of each row (aria-rowindex) and the size
 * of the table once it is known (aria-rowcount, -1 until the API has no more); the row with focus stays
 * rendered when it scrolls out of view, so focus is never lost. Memoised: the page around it re-renders as
 * its filters' data arrive, and the rows need not.
 */
export const ContactsTable = memo(function ContactsTable({
  contacts,
  owners,
  companies,
  loadedRows,
  isFetching,
  failed,
  loadMore,
  focusRequest,
}: ContactsTableProps) {
  const { t } = useTranslation('contacts');
  const ownerName = useMemo(() => new Map((owners ?? []).map((owner) => [owner.id, owner.name])), [owners]);
  const companyName = useMemo(
    () => new Map((companies ?? []).map((company) => [company.id, company.name])),
    [companies],
  );
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // Unknown until the table is in the page: no row is rendered before (they would be placed wrong, then again).
  const [scrollMargin, setScrollMargin] = useState<number>();
  const focusedIndex = useRef<number | undefined>(undefined);
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedIndex.current;
    if (focused === undefined || focused >= range.count || indexes.includes(focused)) return indexes;
    return [...indexes, focused].sort((a, b) => a - b);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: contacts.length,
    estimateSize: () => estimatedRowHeight,
    measureElement: measureRow,
    overscan,
    scrollMargin: scrollMargin ?? 0,
    enabled: scrollMargin !== undefined,
    rangeExtractor,
    getItemKey: (index) => contacts[index]?.id ?? index,
  });
  // Where the rows start in the page: the filters above them can change height (a view's description).
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const measure = () => setScrollMargin(body.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const rows = virtualizer.getVirtualItems();
  const lastShownIndex = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (
      needsNextPage({
        lastShownIndex,
        loaded: loadedRows.loaded,
        threshold: readAheadRows,
        hasNextPage: loadedRows.more,
        isFetching,
        failed,
      })
    )
      loadMore();
  }, [lastShownIndex, loadedRows, isFetching, failed, loadMore]);

  // "Load more" moves focus to the first row it brought, as a keyboard or screen-reader user expects;
  // each request once (later pages arriving must not pull focus back).
  const answeredFocusRequest = useRef<ContactsTableProps['focusRequest']>(undefined);
  useEffect(() => {
    if (!focusRequest || focusRequest === answeredFocusRequest.current) return;
    const index = focusRequest.fromIndex;
    if (index >= contacts.length) return;
    answeredFocusRequest.current = focusRequest;
    focusedIndex.current = index;
    virtualizer.scrollToIndex(index, { align: 'center' });
    // Once the scroll has rendered the row (a few frames at most); not cancelled if another page arrives.
    let frames = 0;
    const focusRow = () => {
      const link = bodyRef.current?.querySelector<HTMLAnchorElement>(`[data-index="${index}"] a`);
      if (link) link.focus();
      else if (frames++ < 30) requestAnimationFrame(focusRow);
    };
    requestAnimationFrame(focusRow);
  }, [focusRequest, contacts.length, virtualizer]);

  const onFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    focusedIndex.current = row ? Number(row.dataset.index) : undefined;
  };
  const onBlur = (event: FocusEvent<HTMLTableSectionElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) focusedIndex.current = undefined;
  };

  const gridRow = { display: 'grid', gridTemplateColumns: columnGrid, alignItems: 'center' } as const;
  return (
    // Explicit roles: the table and its rows are laid out as grids, which some browsers take as losing
    // their table semantics.
    <Table
      role="table"
      aria-label={t('table.label')}
      aria-rowcount={ariaRowCount(loadedRows)}
      highlightOnHover
      stickyHeader
      stickyHeaderOffset="var(--app-shell-header-offset, 0rem)"
      style={{ display: 'block' }}
    >
      <Table.Thead role="rowgroup" style={{ display: 'block', zIndex: 1 }}>
        <Table.Tr role="row" aria-rowindex={1} style={gridRow}>
          <Table.Th role="columnheader">{t('columns.name')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.email')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.company')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.owner')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.stage')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.score')}</Table.Th>
          <Table.Th role="columnheader">{t('columns.created')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody
        ref={bodyRef}
        role="rowgroup"
        onFocus={onFocus}
        onBlur={onBlur}
        style={{ display: 'block', position: 'relative', height: virtualizer.getTotalSize() }}
      >
        {rows.map((row) => {
          const contact = contacts[row.index] as Contact;
          return (
            <Table.Tr
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              role="row"
              aria-rowindex={ariaRowIndex(row.index)}
              style={{
                ...gridRow,
                position: 'absolute',
                top: 0,
                insetInlineStart: 0,
                width: '100%',
                transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
              }}
            >
              <ContactCells
                contact={contact}
                ownerName={contact.ownerId ? ownerName.get(contact.ownerId) : undefined}
                companyName={contact.companyId ? companyName.get(contact.companyId) : undefined}
              />
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
});
