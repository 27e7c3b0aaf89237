import { diffLines } from 'diff';

export interface DiffLine {
  number: number;
  text: string;
}
/** One row of a side-by-side diff: a line on each side, or on one side only. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left?: DiffLine;
  right?: DiffLine;
}

const linesOf = (value: string) => value.replace(/\n$/, '').split('\n');

/**
 * Two texts side by side (jsdiff's line diff): unchanged lines face each other, a run of removed lines
 * followed by added ones is paired line by line as changed, and the rest stands alone on its side.
 */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as (typeof parts)[number];
    const lines = linesOf(part.value);
    if (!part.added && !part.removed) {
      for (const text of lines)
        rows.push({ kind: 'same', left: { number: left++, text }, right: { number: right++, text } });
      continue;
    }
    if (part.removed && parts[i + 1]?.added) {
      const added = linesOf((parts[i + 1] as (typeof parts)[number]).value);
      i++;
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        const removedLine = lines[k];
        const addedLine = added[k];
        rows.push({
          kind:
            removedLine !== undefined && addedLine !== undefined
              ? 'changed'
              : removedLine !== undefined
                ? 'removed'
                : 'added',
          ...(removedLine !== undefined ? { left: { number: left++, text: removedLine } } : {}),
          ...(addedLine !== undefined ? { right: { number: right++, text: addedLine } } : {}),
        });
      }
      continue;
    }
    for (const text of lines)
      rows.push(
        part.removed
          ? { kind: 'removed', left: { number: left++, text } }
          : { kind: 'added', right: { number: right++, text } },
      );
  }
  return rows;
}

/** Which steps one version adds, removes and changes against another, by id. */
export function stepChanges(
  before: { steps: readonly { id: string }[] },
  after: { steps: readonly { id: string }[] },
): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.steps.map((step) => [step.id, JSON.stringify(step)]));
  const now = new Map(after.steps.map((step) => [step.id, JSON.stringify(step)]));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
  };
}
