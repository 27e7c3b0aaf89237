import { describe, expect, it } from 'vitest';
import { isOverdue, leadSla, myNewLeads, newestFirst } from '../../../web/src/features/my-day/sla.ts';

const now = new Date('2026-12-02T10:00:00.000Z');
const owner = '01JDEM00WNER00000000000ADA';
const assignedLead = (slaDueAt: string | undefined, extra: Record<string, string> = {}) => ({
  ownerId: owner,
  assignment: {
    ownerId: owner,
    assignedAt: '2026-12-02T08:00:00.000Z',
    strategy: 'round-robin' as const,
    ...(slaDueAt ? { slaDueAt } : {}),
    ...extra,
  },
});

describe('the lead SLA countdown', () => {
  it('counts down to the moment the API set for the first touch (assignedAt + LEAD_SLA_SECONDS)', () => {
    expect(leadSla(assignedLead('2026-12-02T12:00:00.000Z'), now)).toEqual({
      kind: 'counting',
      dueAt: '2026-12-02T12:00:00.000Z',
      msLeft: 2 * 3_600_000,
    });
    expect(leadSla(assignedLead('2026-12-02T10:00:01.000Z'), now)).toMatchObject({ kind: 'counting', msLeft: 1000 });
  });

  it('is due once that moment has come', () => {
    expect(leadSla(assignedLead('2026-12-02T10:00:00.000Z'), now)).toEqual({
      kind: 'due',
      dueAt: '2026-12-02T10:00:00.000Z',
    });
    expect(leadSla(assignedLead('2026-12-01T10:00:00.000Z'), now).kind).toBe('due');
  });

  it('runs no clock on a lead reassigned once already, assigned by hand, or now someone else’s', () => {
    expect(leadSla(assignedLead(undefined, { reassignedFrom: '01JDEM00WNER000000000GRACE' }), now)).toEqual({
      kind: 'final',
    });
    expect(leadSla({ ownerId: owner }, now)).toEqual({ kind: 'none' });
    expect(
      leadSla({ ...assignedLead('2026-12-02T12:00:00.000Z'), ownerId: '01JDEM00WNER000000000GRACE' }, now),
    ).toEqual({ kind: 'none' });
    expect(leadSla(assignedLead(undefined), now)).toEqual({ kind: 'none' });
  });
});

describe('my new leads', () => {
  it('keeps the lead stages, soonest SLA first, then the newest', () => {
    const contact = (name: string, lifecycleStage: string, createdAt: string, slaDueAt?: string) => ({
      name,
      lifecycleStage: lifecycleStage as 'lead',
      createdAt,
      ...(slaDueAt ? assignedLead(slaDueAt) : { ownerId: owner }),
    });
    const leads = myNewLeads(
      [
        contact('old by hand', 'mql', '2026-11-01T00:00:00.000Z'),
        contact('customer', 'customer', '2026-12-01T00:00:00.000Z'),
        contact('due later', 'lead', '2026-12-01T00:00:00.000Z', '2026-12-02T13:00:00.000Z'),
        contact('new by hand', 'sql', '2026-12-02T00:00:00.000Z'),
        contact('overdue', 'mql', '2026-11-30T00:00:00.000Z', '2026-12-02T09:00:00.000Z'),
        contact('due soon', 'mql', '2026-11-29T00:00:00.000Z', '2026-12-02T11:00:00.000Z'),
      ],
      now,
    );
    expect(leads.map((lead) => lead.name)).toEqual(['overdue', 'due soon', 'due later', 'new by hand', 'old by hand']);
  });
});

describe('tasks and the recent activity', () => {
  it('marks a task overdue only once its due time has passed', () => {
    expect(isOverdue({ dueAt: '2026-12-02T09:59:59.000Z' }, now)).toBe(true);
    expect(isOverdue({ dueAt: '2026-12-02T10:00:00.000Z' }, now)).toBe(false);
    expect(isOverdue({}, now)).toBe(false);
  });

  it('merges timelines newest first, once each, bounded', () => {
    const a = { id: 'a', occurredAt: '2026-12-01T00:00:00.000Z' };
    const b = { id: 'b', occurredAt: '2026-12-02T00:00:00.000Z' };
    const c = { id: 'c', occurredAt: '2026-11-30T00:00:00.000Z' };
    expect(
      newestFirst(
        [
          [b, a],
          [a, c],
        ],
        10,
      ).map((item) => item.id),
    ).toEqual(['b', 'a', 'c']);
    expect(newestFirst([[a], [b], [c]], 2).map((item) => item.id)).toEqual(['b', 'a']);
  });
});
