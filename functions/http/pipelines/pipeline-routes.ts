import * as z from 'zod';
import { Deal } from '#shared/deals/deal.schema.ts';
import {
  BoardQuery,
  CreatePipelineRequest,
  ListPipelinesQuery,
  Pipeline,
  PipelineId,
  PipelineStage,
  UpdatePipelineRequest,
} from '#shared/deals/pipeline.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const PipelinePage = pageOf(Pipeline);
const Board = z.object({
  pipeline: z.object({ id: z.string(), name: z.string() }),
  columns: z.array(
    z.object({
      stage: PipelineStage,
      deals: z.array(Deal),
      nextCursor: z.string().optional(),
      totals: z
        .array(z.object({ currency: z.string(), dealCount: z.number(), amount: z.number(), weighted: z.number() }))
        .describe(
          "Every deal in the column, per currency (not just this page): amount and amount × the stage's probability",
        ),
    }),
  ),
});
const tag = 'Pipelines';

export const pipelineRoutes = {
  createPipeline: defineRoute({
    name: 'CreatePipeline',
    method: 'POST',
    path: '/pipelines',
    entry: 'functions/http/pipelines/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Create a pipeline with ordered stages and win probabilities',
    request: { body: CreatePipelineRequest },
    responses: { 201: { description: 'Created', body: Pipeline }, 400: problems[400], 403: problems[403] },
  }),
  listPipelines: defineRoute({
    name: 'ListPipelines',
    method: 'GET',
    path: '/pipelines',
    entry: 'functions/http/pipelines/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'List pipelines',
    request: { query: ListPipelinesQuery },
    responses: { 200: { description: 'A page of pipelines', body: PipelinePage } },
  }),
  getPipeline: defineRoute({
    name: 'GetPipeline',
    method: 'GET',
    path: '/pipelines/{pipelineId}',
    entry: 'functions/http/pipelines/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'Read a pipeline',
    request: { path: PipelineId },
    responses: { 200: { description: 'The pipeline', body: Pipeline }, 404: problems[404] },
  }),
  updatePipeline: defineRoute({
    name: 'UpdatePipeline',
    method: 'PATCH',
    path: '/pipelines/{pipelineId}',
    entry: 'functions/http/pipelines/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Rename a pipeline or change its stages (a stage with deals cannot be removed)',
    request: { path: PipelineId, body: UpdatePipelineRequest },
    responses: {
      200: { description: 'The updated pipeline', body: Pipeline },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  pipelineBoard: defineRoute({
    name: 'PipelineBoard',
    method: 'GET',
    path: '/pipelines/{pipelineId}/board',
    entry: 'functions/http/pipelines/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'The board: every stage with its newest deals (page a column with GET /deals?pipelineId=&stageId=)',
    request: { path: PipelineId, query: BoardQuery },
    responses: { 200: { description: 'The board', body: Board }, 400: problems[400] },
  }),
};
