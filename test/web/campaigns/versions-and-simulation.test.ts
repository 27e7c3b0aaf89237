import { describe, expect, it } from 'vitest';
import { sideBySide, stepChanges } from '../../../web/src/features/campaigns/versions-diff.ts';
import { summariesByStep } from '../../../web/src/features/campaigns/journey-simulation.ts';

describe('two versions side by side', () => {
  it('faces unchanged lines, pairs a changed run line by line, and leaves the rest on its own side', () => {
    const rows = sideBySide('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n');
    expect(
      rows.map(
        (row) =>
          `${row.kind} ${row.left?.number ?? '-'}:${row.left?.text ?? ''} ${row.right?.number ?? '-'}:${row.right?.text ?? ''}`,
      ),
    ).toEqual(['same 1:a 1:a', 'changed 2:b 2:B', 'same 3:c 3:c', 'same 4:d 4:d', 'added -: 5:e']);
    expect(sideBySide('a\nb\n', 'a\n').map((row) => row.kind)).toEqual(['same', 'removed']);
  });

  it('names the steps added, removed and changed', () => {
    expect(
      stepChanges(
        { steps: [{ id: 'a' }, { id: 'b', x: 1 } as { id: string }] },
        { steps: [{ id: 'b', x: 2 } as { id: string }, { id: 'c' }] },
      ),
    ).toEqual({ added: ['c'], removed: ['a'], changed: ['b'] });
  });
});

describe('simulation numbers per step', () => {
  it('counts distinct contacts that passed, the days they passed on, and who left there', () => {
    const start = new Date('2026-11-23T10:00:00.000Z');
    const summaries = summariesByStep(
      [
        { at: '2026-11-23T10:00:00.000Z', contact: 'a@x', stepId: 's', what: 'deferred', reason: 'send-window' },
        { at: '2026-11-25T09:00:00.000Z', contact: 'a@x', stepId: 's', what: 'email' },
        { at: '2026-11-23T10:00:00.000Z', contact: 'b@x', stepId: 's', what: 'email' },
        { at: '2026-11-24T10:00:00.000Z', contact: 'c@x', stepId: 's', what: 'ended', reason: 'unsubscribed' },
        { at: '2026-11-24T10:00:00.000Z', contact: 'b@x', stepId: 's', what: 'ended', reason: 'completed' },
      ],
      start,
    );
    expect(summaries.get('s')).toMatchObject({ contacts: 2, firstDay: 0, lastDay: 1, left: 1 });
  });
});
