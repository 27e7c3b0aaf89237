import { assertExpectedVersion } from '../common/guards.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict, NotFound } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { DealRepository } from './deal.repository.ts';
import type { PipelineRepository } from './pipeline.repository.ts';
import type { CreatePipelineRequest, Pipeline, UpdatePipelineRequest } from './pipeline.schema.ts';

export interface PipelineDeps {
  pipelines: PipelineRepository;
  deals: DealRepository;
  context: AppContext;
}

export async function createPipeline(deps: PipelineDeps, request: CreatePipelineRequest): Promise<Pipeline> {
  const pipeline = stampNew(request, deps.context);
  await deps.pipelines.create(pipeline);
  return pipeline;
}

export async function getPipeline(deps: Pick<PipelineDeps, 'pipelines'>, pipelineId: string): Promise<Pipeline> {
  const pipeline = await deps.pipelines.get(pipelineId);
  if (!pipeline) throw new NotFound(`There is no pipeline ${pipelineId}.`);
  return pipeline;
}

/**
 * Renames a pipeline or changes its stages. A stage that still holds deals cannot be removed
 * (its deals would fall off the board): move them first.
 */
export async function updatePipeline(
  deps: PipelineDeps,
  pipelineId: string,
  patch: UpdatePipelineRequest,
  expectedVersion?: number,
): Promise<Pipeline> {
  const before = await getPipeline(deps, pipelineId);
  assertExpectedVersion(before, expectedVersion, 'pipeline');
  if (patch.stages) {
    const kept = new Set(patch.stages.map((stage) => stage.id));
    for (const removed of before.stages.filter((stage) => !kept.has(stage.id))) {
      const { items } = await deps.deals.listByStage(pipelineId, removed.id, 1);
      if (items.length)
        throw new Conflict(`Stage "${removed.id}" still has deals; move them before removing it.`, {
          stageId: removed.id,
        });
    }
  }
  const { after, changedFields } = applyMergePatch(before, patch, deps.context);
  if (changedFields.length === 0) return before;
  try {
    await deps.pipelines.update(before, after);
  } catch (error) {
    if (error instanceof TransactionConditionFailed)
      throw new Conflict(`Pipeline ${pipelineId} was changed by another request.`);
    throw error;
  }
  return after;
}

export function listPipelines(
  deps: Pick<PipelineDeps, 'pipelines'>,
  query: { limit: number; cursor?: string },
): Promise<Page<Pipeline>> {
  return deps.pipelines.listAll(query.limit, query.cursor);
}
