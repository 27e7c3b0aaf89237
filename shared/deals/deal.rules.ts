import type { Principal } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { ValidationFailed } from '../errors.ts';
import { stampNew } from '../versioned.ts';
import type { CreateDealRequest, Deal, MoveDealRequest, StageChange } from './deal.schema.ts';
import type { Pipeline, PipelineStage } from './pipeline.schema.ts';

/** The stage a new deal starts in: the one asked for (which must be open) or the pipeline's first. */
export function startingStage(pipeline: Pipeline, stageId?: string): PipelineStage {
  const stage = stageId
    ? pipeline.stages.find((s) => s.id === stageId)
    : pipeline.stages.find((s) => s.kind === 'open');
  if (!stage)
    throw new ValidationFailed(`Pipeline ${pipeline.name} has no stage "${stageId}".`, [
      { pointer: '/stageId', message: 'no such stage in this pipeline' },
    ]);
  if (stage.kind !== 'open') {
    throw new ValidationFailed('A deal starts in an open stage; create it, then move it to won or lost.', [
      { pointer: '/stageId', message: 'not an open stage' },
    ]);
  }
  return stage;
}

export function newDeal(request: CreateDealRequest, pipeline: Pipeline, context: AppContext): Deal {
  const stage = startingStage(pipeline, request.stageId);
  const now = isoNow(context);
  return stampNew(
    { ...request, stageId: stage.id, status: 'open' as const, probability: stage.probability, stageEnteredAt: now },
    context,
  );
}

/**
 * Moving a deal between stages: the next deal and the history record of the move. Won deals get
 * `wonAt`; lost ones `lostAt` and need a reason; reopening clears both.
 */
export function planStageMove(
  deal: Deal,
  pipeline: Pipeline,
  move: MoveDealRequest,
  by: Principal,
  context: AppContext,
): { after: Deal; change: StageChange } {
  const target = pipeline.stages.find((stage) => stage.id === move.stageId);
  if (!target)
    throw new ValidationFailed(`Pipeline ${pipeline.name} has no stage "${move.stageId}".`, [
      { pointer: '/stageId', message: 'no such stage in this pipeline' },
    ]);
  if (target.id === deal.stageId)
    throw new ValidationFailed(`The deal is already in ${target.name}.`, [
      { pointer: '/stageId', message: 'already in this stage' },
    ]);
  if (target.kind === 'lost' && !move.reason) {
    throw new ValidationFailed('Say why the deal was lost.', [
      { pointer: '/reason', message: 'required when moving to the lost stage' },
    ]);
  }
  const now = isoNow(context);
  const { wonAt: _wonAt, lostAt: _lostAt, closeReason: _closeReason, ...open } = deal;
  const after: Deal = {
    ...open,
    stageId: target.id,
    status: target.kind,
    probability: target.probability,
    stageEnteredAt: now,
    ...(target.kind === 'won' ? { wonAt: now } : {}),
    ...(target.kind === 'lost' ? { lostAt: now } : {}),
    ...(target.kind !== 'open' && move.reason ? { closeReason: move.reason } : {}),
    version: deal.version + 1,
    updatedAt: now,
  };
  const change: StageChange = {
    dealId: deal.id,
    fromStageId: deal.stageId,
    toStageId: target.id,
    at: now,
    byPrincipal: by.subject,
    ...(move.reason ? { reason: move.reason } : {}),
  };
  return { after, change };
}
