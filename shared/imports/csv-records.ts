/** A CSV record as the import API takes it: the line it starts on, and header → cell. */
export interface CsvRow {
  row: number;
  fields: Record<string, string>;
}

/** The longest column name and cell the import API takes in a row (ImportRowsRequest). */
export const importRowLimits = { maxColumnNameLength: 200, maxCellLength: 5000 } as const;

/**
 * How Relay reads a CSV file with csv-parse, the same in the CLI (its Node stream) and in the console
 * (its browser build): the first row names the columns, a UTF-8 byte order mark is dropped, LF, CRLF and
 * CR line ends are all read (csv-parse detects which), quoted cells may hold commas, quotes and line
 * breaks, empty lines are skipped, a row may have fewer or more cells than the header, cells are kept as
 * written (the import trims them where it reads them).
 */
export const csvParseOptions = {
  columns: true,
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: false,
  info: true,
} as const;

/** What csv-parse gives per record with `info: true`. */
export interface ParsedCsvRecord {
  record: Record<string, string>;
  /** The line the record ends on, as csv-parse counts them. */
  info: { lines: number };
}

/**
 * Numbers records, taken in file order, by the line each starts on (the line a person sees in an
 * editor, which the import's results and reports name).
 */
export function csvRowNumberer(): (parsed: ParsedCsvRecord) => CsvRow {
  // csv-parse's line count is where a record ends, and counts a CRLF inside a quoted cell as two lines.
  let crlfInCells = 0;
  return ({ record, info }) => {
    const cells = Object.values(record);
    crlfInCells += cells.reduce((sum, cell) => sum + (cell.match(/\r\n/g)?.length ?? 0), 0);
    const breaksInCells = cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { row: info.lines - crlfInCells - breaksInCells, fields: record };
  };
}
