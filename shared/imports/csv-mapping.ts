import { parseNumberText, toAsciiDigits } from '../common/numbers.ts';
import { ownValue } from '../common/own-keys.ts';

/**
 * How CSV columns map onto entity fields. Headers are matched loosely ("First Name", "first_name"
 * and "firstname" are the same column); `custom.<name>` columns fill custom fields; empty cells
 * mean "no value". Each field says how its cell is read.
 */

export type CellReader = (cell: string) => unknown;

export const readAs = {
  text: (cell: string) => cell,
  upper: (cell: string) => cell.toUpperCase(),
  lower: (cell: string) => cell.toLowerCase(),
  list: (cell: string) =>
    cell
      .split(/[;,|]/)
      .map((item) => item.trim())
      .filter(Boolean),
  /** A number when the cell is one, in digits of any script (so validation can say what is wrong when it is not). */
  number: (cell: string) => parseNumberText(cell) ?? cell,
  /** The text with Persian and Arabic-Indic digits as ASCII ones (a size band such as ۵۱-۲۰۰). */
  digits: toAsciiDigits,
} satisfies Record<string, CellReader>;

export interface CsvColumns {
  /** Loose header (lower-case, no spaces or underscores) → field name. */
  aliases: Record<string, string>;
  /** Field name → how to read its cell (text when absent). */
  readers?: Record<string, CellReader>;
}

export interface MappedRow {
  /** The entity-shaped object to validate (not yet validated). */
  value: Record<string, unknown>;
  /** Columns that mean nothing to Relay; reported once, never an error. */
  ignoredColumns: string[];
}

const looseHeader = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '');

export function mapCsvRow(record: Record<string, string | undefined>, columns: CsvColumns): MappedRow {
  const value: Record<string, unknown> = {};
  const customFields: [string, string][] = [];
  const ignoredColumns: string[] = [];
  for (const [header, raw] of Object.entries(record)) {
    const cell = raw?.trim();
    const custom = /^(?:custom[.:]|cf[.:_])(.+)$/i.exec(header.trim());
    const field = custom ? undefined : ownValue(columns.aliases, looseHeader(header));
    // `custom.__proto__` could be no custom field (assigning it sets a prototype): reported, like any unknown column.
    if ((!custom && !field) || custom?.[1]?.trim() === '__proto__') {
      ignoredColumns.push(header);
      continue;
    }
    if (cell === undefined || cell === '') continue;
    if (custom) customFields.push([(custom[1] as string).trim(), cell]);
    else value[field as string] = (ownValue(columns.readers, field as string) ?? readAs.text)(cell);
  }
  if (customFields.length) value.customFields = Object.fromEntries(customFields);
  return { value, ignoredColumns };
}
