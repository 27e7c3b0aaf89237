import { describe, expect, it } from 'vitest';
import { ListTicketsQuery } from '#shared/tickets/ticket.schema.ts';
import {
  breachingSoonWindowMs,
  queueFilter,
  queueNames,
  typedTicketNumber,
} from '../../../web/src/features/tickets/queues.ts';
import { authorName } from '../../../web/src/features/tickets/ticket-text.ts';

const ada = '01JDEM00WNER00000000000ADA';
const emea = '01JDEMTEAM000000000000EMEA';
const now = new Date('2026-12-07T10:00:00.000Z');

describe('the inbox queues', () => {
  it('asks the API for exactly one filter per queue, one the API’s own schema accepts', () => {
    for (const queue of queueNames) {
      const filter = queueFilter(queue, { ownerId: ada, teamId: emea }, now);
      expect(ListTicketsQuery.safeParse(filter).success, queue).toBe(true);
    }
    expect(queueFilter('mine', { ownerId: ada, teamId: emea }, now)).toEqual({ assigneeId: ada });
    expect(queueFilter('team', { ownerId: ada, teamId: emea }, now)).toEqual({ teamId: emea });
    expect(queueFilter('unassigned', {}, now)).toEqual({ unassigned: 'true' });
    expect(queueFilter('waiting', {}, now)).toEqual({ statusKind: 'waiting' });
    // Breaching soon: due within the window from when the queue was chosen (overdue ones too: the API's range starts at the beginning).
    expect(breachingSoonWindowMs).toBe(2 * 3_600_000);
    expect(queueFilter('breaching', {}, now)).toEqual({ slaDueBefore: '2026-12-07T12:00:00.000Z' });
  });

  it('has no "mine" without an owner record and no "my team’s" without a team', () => {
    expect(queueFilter('mine', { teamId: emea }, now)).toBeUndefined();
    expect(queueFilter('team', { ownerId: ada }, now)).toBeUndefined();
  });
});

describe('a ticket number typed to go to it', () => {
  it('reads digits of any script, with or without # and the brackets of a subject reference', () => {
    for (const typed of ['1042', '#1042', ' #1042 ', '[#1042]', '۱۰۴۲', '#۱۰۴۲', '[#۱۰۴۲]', '١٠٤٢', '＃1042'])
      expect(typedTicketNumber(typed), typed).toBe(1042);
  });

  it('refuses what is not a ticket number', () => {
    for (const typed of ['', '#', '0', '-3', '10.5', 'abc', '#12a', '1,042'])
      expect(typedTicketNumber(typed), typed).toBeUndefined();
  });
});

describe('who wrote it', () => {
  const owners = [{ userId: 'local-sales-ada', name: 'Ada Lovelace' }, { name: 'Margaret Hamilton' }];

  it('names the rep whose user wrote it, the principal when no rep is linked, and nobody for the reader', () => {
    expect(authorName('local-sales-ada', owners, 'local-admin')).toBe('Ada Lovelace');
    expect(authorName('partner-crm-client', owners, 'local-admin')).toBe('partner-crm-client');
    expect(authorName('local-sales-ada', owners, 'local-sales-ada')).toBeUndefined();
  });
});
