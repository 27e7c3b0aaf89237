import * as z from 'zod';
import { Cursor, IntegerText, Limit, Name, StoredNumber, Ulid, versionedFields } from '../common/fields.ts';
import { numberInput } from '../common/numbers.ts';

export const stageKinds = ['open', 'won', 'lost'] as const;

export const PipelineStage = z.strictObject({
  /** Stable slug used by deals and reports, e.g. "qualified". */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'stage ids are lower-case slugs such as "proposal-sent"'),
  name: Name(80),
  /** Chance (0–1) that a deal in this stage is won: drives the weighted forecast. */
  probability: numberInput(StoredNumber.min(0).max(1)),
  kind: z.enum(stageKinds).default('open'),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

/** Stages in board order: ids unique, at least one open, exactly one won and one lost stage. */
const Stages = z
  .array(PipelineStage)
  .min(3)
  .max(30)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((stage, index) => {
      if (seen.has(stage.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `stage id "${stage.id}" is used twice` });
      seen.add(stage.id);
      if (stage.kind === 'won' && stage.probability !== 1)
        ctx.addIssue({ code: 'custom', path: [index, 'probability'], message: 'a won stage has probability 1' });
      if (stage.kind === 'lost' && stage.probability !== 0)
        ctx.addIssue({ code: 'custom', path: [index, 'probability'], message: 'a lost stage has probability 0' });
    });
    const count = (kind: string) => stages.filter((stage) => stage.kind === kind).length;
    if (count('open') < 1) ctx.addIssue({ code: 'custom', message: 'a pipeline needs at least one open stage' });
    if (count('won') !== 1) ctx.addIssue({ code: 'custom', message: 'a pipeline needs exactly one won stage' });
    if (count('lost') !== 1) ctx.addIssue({ code: 'custom', message: 'a pipeline needs exactly one lost stage' });
  });

export const CreatePipelineRequest = z.strictObject({ name: Name(100), stages: Stages });
export type CreatePipelineRequest = z.infer<typeof CreatePipelineRequest>;

export const UpdatePipelineRequest = z
  .strictObject({ name: Name(100).optional(), stages: Stages.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdatePipelineRequest = z.infer<typeof UpdatePipelineRequest>;

export const Pipeline = z.object({
  ...versionedFields,
  name: z.string(),
  stages: z.array(z.object({ id: z.string(), name: z.string(), probability: z.number(), kind: z.enum(stageKinds) })),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const PipelineId = z.object({ pipelineId: Ulid });
export const ListPipelinesQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const BoardQuery = z.strictObject({
  perStage: IntegerText(1, 100)
    .default(25)
    .meta({ description: 'deals per stage: 1 to 100 (default 25), in digits of any script' }),
});
