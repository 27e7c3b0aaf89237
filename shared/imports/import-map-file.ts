import { parse } from 'yaml';
import { ValidationFailed, type FieldError } from '../errors.ts';
import { ImportMapping } from './import.schema.ts';

/**
 * Reads a `--map` file (YAML, or JSON, which is YAML too) into an import mapping:
 *
 *   source: hubspot            # optional: the CRM, when the header does not tell
 *   dateOrder: day-first       # optional: how to read 03/05/2024 (default month-first)
 *   columns:                   # column → Relay field, custom.<name> or ignore
 *     Lead Score: custom.leadScore
 *     Fax Number: ignore
 *   stages:                    # stage label → Relay lifecycle stage
 *     Hot Prospect: sql
 *
 * Column names and labels are read as data (own entries only), so no name is special.
 */
export function readImportMapFile(text: string): ImportMapping {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ValidationFailed(`The map file is neither YAML nor JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(document)) throw new ValidationFailed('The map file must hold an object with columns and stages.');
  const errors: FieldError[] = [];
  const pairs = (key: string, name: string, value: string) => {
    const section = Object.hasOwn(document, key) ? (document as Record<string, unknown>)[key] : undefined;
    if (section === undefined || section === null) return [];
    if (!isPlainObject(section)) {
      errors.push({ pointer: `/${key}`, message: `must map each ${name} to a ${value}` });
      return [];
    }
    return Object.entries(section).flatMap(([entry, target]) => {
      if (typeof target === 'string') return [{ [name]: entry, [value]: target }];
      errors.push({
        pointer: `/${key}/${entry.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: `must be a ${value} name`,
      });
      return [];
    });
  };
  const unknownKeys = Object.keys(document).filter(
    (key) => !['columns', 'stages', 'dateOrder', 'source'].includes(key),
  );
  for (const key of unknownKeys)
    errors.push({ pointer: `/${key}`, message: 'is not a map file setting (columns, stages, dateOrder, source)' });
  const candidate = {
    columns: pairs('columns', 'column', 'field'),
    stages: pairs('stages', 'label', 'stage'),
    ...(Object.hasOwn(document, 'dateOrder') ? { dateOrder: document.dateOrder } : {}),
    ...(Object.hasOwn(document, 'source') ? { source: document.source } : {}),
  };
  const parsed = ImportMapping.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      errors.push({ pointer: `/${issue.path.join('/')}`, message: issue.message });
  if (errors.length || !parsed.success) throw new ValidationFailed('The map file is not valid.', errors);
  return parsed.data;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
