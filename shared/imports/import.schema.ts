import * as z from 'zod';
import { LifecycleStage } from '../contacts/contact.schema.ts';
import type { FieldError } from '../errors.ts';
import { crmSources } from './crm-formats.ts';
import { importRowLimits } from './csv-records.ts';
import { dateOrders } from './import-values.ts';

export const maxRowsPerBatch = 100;

/**
 * What the built-in knowledge of CRM exports misses, as the user says it (`npm run import -- --map`):
 * columns to Relay fields (`custom.<name>`, `ignore`), stage labels to Relay stages, the day/month
 * order of ambiguous dates, and the CRM the file came from when the header does not tell.
 * Lists of pairs, not objects keyed by the user's column names, so no name is special.
 */
export const ImportMapping = z.strictObject({
  columns: z
    .array(z.strictObject({ column: z.string().min(1).max(200), field: z.string().min(1).max(100) }))
    .max(500)
    .default([]),
  stages: z
    .array(z.strictObject({ label: z.string().min(1).max(200), stage: LifecycleStage }))
    .max(500)
    .default([]),
  dateOrder: z.enum(dateOrders).optional(),
  source: z.enum(crmSources).optional(),
});
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportRowsRequest = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        /** Where the row came from (the CSV line), echoed in the result. */
        row: z.number().int().positive(),
        /** The CSV record: header → cell. */
        fields: z.record(
          z.string().max(importRowLimits.maxColumnNameLength),
          z.string().max(importRowLimits.maxCellLength),
        ),
      }),
    )
    .min(1)
    .max(maxRowsPerBatch),
  /** Report what would be created, updated, left unchanged and rejected, and write nothing. */
  dryRun: z.boolean().default(false),
  mapping: ImportMapping.optional(),
});
export type ImportRowsRequest = z.input<typeof ImportRowsRequest>;

/** `deferred`: the request ran out of time before this row; nothing was done with it, send it again. */
export const rowOutcomes = ['created', 'updated', 'unchanged', 'rejected', 'deferred'] as const;
export type RowOutcome = (typeof rowOutcomes)[number];

export interface RowResult {
  row: number;
  outcome: RowOutcome;
  /** The created, updated or unchanged record (absent in a dry run for a record it would create). */
  id?: string;
  errors?: FieldError[];
  /** Cells left out of an imported row (an unknown owner, an unreadable date...): the row imported without them. */
  warnings?: FieldError[];
}

export const suggestionConfidences = ['certain', 'high', 'medium', 'none'] as const;

export const ColumnSuggestion = z.object({
  column: z.string(),
  /** A Relay field, `custom.<name>`, or `ignore`. */
  field: z.string(),
  /** certain: the mapping or a custom.<name> header; high: the detected CRM's column; medium: a generic name; none: ignored. */
  confidence: z.enum(suggestionConfidences),
  reason: z.string(),
});
export type ColumnSuggestion = z.infer<typeof ColumnSuggestion>;

const FieldErrors = z.array(z.object({ pointer: z.string(), message: z.string() }));

export const ImportRowsResponse = z.object({
  results: z.array(
    z.object({
      row: z.number(),
      outcome: z.enum(rowOutcomes),
      id: z.string().optional(),
      errors: FieldErrors.optional(),
      warnings: FieldErrors.optional(),
    }),
  ),
  ignoredColumns: z.array(z.string()),
  /** How each column was read. */
  columns: z.array(ColumnSuggestion),
  /** The CRM whose export this is, as the header says (or the mapping). */
  source: z.enum(crmSources).optional(),
  dryRun: z.boolean(),
});
export type ImportRowsResponse = z.infer<typeof ImportRowsResponse>;
