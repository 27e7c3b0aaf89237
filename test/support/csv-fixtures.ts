import { writeFileSync } from 'node:fs';

/**
 * A contacts CSV of `rows` rows in which every 20th row (offset 7) is invalid and every 10th row
 * (offset 3) repeats the email of the row three above it in other letter case: half of those repeats
 * add a tag (an update), half repeat the row exactly (unchanged).
 */
export function writeContactsCsv(
  path: string,
  rows: number,
): { created: number; updated: number; unchanged: number; rejected: number } {
  const lines = ['Email,First Name,last_name,Country,Lifecycle Stage,Tags,custom.plan,Favourite Colour'];
  const expected = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const person = (i: number, extraTag = '') => [
    `person${i}@Example.com`,
    `First${i}`,
    `Last "${i}"`,
    i % 2 ? 'de' : 'US',
    'lead',
    `import;batch${i % 5}${extraTag}`,
    i % 3 ? 'growth' : '',
    'blue',
  ];
  for (let i = 0; i < rows; i++) {
    let cells: string[];
    if (i % 20 === 7) {
      cells = [`not-an-email-${i}`, 'Bad', 'Row', 'Germany', 'lead', '', '', ''];
      expected.rejected++;
    } else if (i % 10 === 3) {
      const original = person(i - 3, i % 20 === 3 ? ';repeat-visitor' : '');
      cells = [(original[0] as string).toUpperCase(), ...original.slice(1)];
      if (i % 20 === 3) expected.updated++;
      else expected.unchanged++;
    } else {
      cells = person(i);
      expected.created++;
    }
    lines.push(cells.map((cell) => (/[",;\s]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return expected;
}
