import { describe, expect, it } from 'vitest';
import { newDeal, planStageMove } from '#shared/deals/deal.rules.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { CreatePipelineRequest, type Pipeline } from '#shared/deals/pipeline.schema.ts';
import { ValidationFailed } from '#shared/errors.ts';
import { stampNew } from '#shared/versioned.ts';
import { aPipelineRequest, fixedContext } from '../support/builders.ts';

const context = fixedContext('2026-03-01T10:00:00.000Z');
const pipeline: Pipeline = stampNew(aPipelineRequest(), context);
const rep = { kind: 'user' as const, subject: 'rep-1', roles: ['sales' as const] };

describe('pipeline validation', () => {
  it('needs unique stage ids, one won and one lost stage, and consistent probabilities', () => {
    const stages = aPipelineRequest().stages;
    const result = CreatePipelineRequest.safeParse({
      name: 'Bad',
      stages: [...stages, { ...stages[0] }, { id: 'won2', name: 'Won again', probability: 0.9, kind: 'won' }],
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'stages.5.id: stage id "qualified" is used twice',
        'stages.6.probability: a won stage has probability 1',
        'stages: a pipeline needs exactly one won stage',
      ]),
    );
  });
});

describe('deal rules', () => {
  it('start a deal in the first open stage with its probability', () => {
    const deal = newDeal(CreateDealRequest.parse({ name: 'D', pipelineId: pipeline.id }), pipeline, context);
    expect(deal).toMatchObject({
      stageId: 'qualified',
      status: 'open',
      probability: 0.2,
      stageEnteredAt: '2026-03-01T10:00:00.000Z',
      version: 1,
    });
  });

  it('refuse to start a deal in a closed stage', () => {
    expect(() =>
      newDeal(CreateDealRequest.parse({ name: 'D', pipelineId: pipeline.id, stageId: 'won' }), pipeline, context),
    ).toThrow(ValidationFailed);
  });

  it('record who moved a deal from where to where, and close it when won', () => {
    const deal = newDeal(CreateDealRequest.parse({ name: 'D', pipelineId: pipeline.id }), pipeline, context);
    const { after, change } = planStageMove(deal, pipeline, { stageId: 'won', reason: 'Signed' }, rep, context);
    expect(after).toMatchObject({
      status: 'won',
      wonAt: '2026-03-01T10:00:00.000Z',
      closeReason: 'Signed',
      version: 2,
    });
    expect(change).toEqual({
      dealId: deal.id,
      fromStageId: 'qualified',
      toStageId: 'won',
      at: '2026-03-01T10:00:00.000Z',
      reason: 'Signed',
      byPrincipal: 'rep-1',
    });
  });

  it('refuse a move to the same stage, an unknown stage, or to lost without a reason', () => {
    const deal = newDeal(CreateDealRequest.parse({ name: 'D', pipelineId: pipeline.id }), pipeline, context);
    expect(() => planStageMove(deal, pipeline, { stageId: 'qualified' }, rep, context)).toThrow(/already/);
    expect(() => planStageMove(deal, pipeline, { stageId: 'nowhere' }, rep, context)).toThrow(/no stage/);
    expect(() => planStageMove(deal, pipeline, { stageId: 'lost' }, rep, context)).toThrow(/why/);
  });
});
