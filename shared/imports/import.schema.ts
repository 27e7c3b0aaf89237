import * as z from 'zod';
import type { FieldError } from '../errors.ts';

export const maxRowsPerBatch = 100;

export const ImportRowsRequest = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        /** Where the row came from (the CSV line), echoed in the result. */
        row: z.number().int().positive(),
        /** The CSV record: header → cell. */
        fields: z.record(z.string().max(200), z.string().max(5000)),
      }),
    )
    .min(1)
    .max(maxRowsPerBatch),
});
export type ImportRowsRequest = z.infer<typeof ImportRowsRequest>;

export const rowOutcomes = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type RowOutcome = (typeof rowOutcomes)[number];

export interface RowResult {
  row: number;
  outcome: RowOutcome;
  /** The created, updated or unchanged record. */
  id?: string;
  errors?: FieldError[];
}

export const ImportRowsResponse = z.object({
  results: z.array(
    z.object({
      row: z.number(),
      outcome: z.enum(rowOutcomes),
      id: z.string().optional(),
      errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
    }),
  ),
  ignoredColumns: z.array(z.string()),
});
