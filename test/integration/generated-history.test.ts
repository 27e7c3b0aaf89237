import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { generateHistory, type GeneratedHistory } from '#local/history/generate-history.ts';
import { historyForLearning } from '#local/history/history-for-learning.ts';
import { historyPipelineId, writeHistory, type WrittenHistory } from '#local/history/write-history.ts';
import { systemContext } from '#shared/context.ts';
import type { Deal } from '#shared/deals/deal.schema.ts';
import { Conflict } from '#shared/errors.ts';
import { computeForecast } from '#shared/forecasts/forecast.service.ts';
import { forecastReport } from '#shared/forecasts/revenue-forecast.rules.ts';
import { learnStageProbabilities, type DealStageHistory } from '#shared/forecasts/stage-probabilities.rules.ts';
import { createTestTable } from '../support/test-table.ts';

let table: Awaited<ReturnType<typeof createTestTable>>;
let deps: Dependencies;
let history: GeneratedHistory;
let written: WrittenHistory;

/** Every deal of a pipeline, stage by stage (a small test table: a few pages at most). */
async function dealsOf(pipelineId: string, stageIds: readonly string[]): Promise<Deal[]> {
  const deals: Deal[] = [];
  for (const stageId of stageIds) {
    let cursor: string | undefined;
    do {
      const page = await deps.deals.listByStage(pipelineId, stageId, 100, cursor);
      deals.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return deals;
}

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  history = generateHistory({ seed: 7, months: 3, endMonth: '2026-06', contactsPerMonth: 12 });
  written = await writeHistory(table, history);
}, 120_000);

describe('writing a generated history through the domain services', () => {
  it('writes every contact, deal and stage move, in pipelines with ids fixed by the seed', () => {
    expect(written.contacts).toBe(history.contacts.length);
    expect(written.deals).toBe(history.deals.length);
    expect(written.stageMoves).toBe(history.deals.reduce((sum, deal) => sum + deal.moves.length - 1, 0));
    expect(written.pipelineIds['new-business']).toBe(historyPipelineId('new-business', 7));
    expect(history.deals.length).toBeGreaterThan(10);
  });

  it('keeps each deal at its own times, so its stage history reads back as the history it was generated from', async () => {
    for (const pipeline of history.pipelines) {
      const pipelineId = written.pipelineIds[pipeline.key]!;
      const stored = await dealsOf(
        pipelineId,
        pipeline.request.stages.map((stage) => stage.id),
      );
      const generated = history.deals.filter((deal) => deal.pipelineKey === pipeline.key);
      expect(stored).toHaveLength(generated.length);
      const readBack: DealStageHistory[] = [];
      for (const deal of stored) {
        const changes = await deps.deals.history(deal.id);
        readBack.push({ dealId: deal.id, pipelineId, amount: deal.amount, currency: deal.currency, changes });
        expect(deal.createdAt).toBe(changes[changes.length - 1]!.at);
        if (deal.status === 'won') expect(deal.wonAt).toBe(changes[0]!.at);
      }
      // The stored histories and the generated ones teach the same probabilities, samples and durations.
      const stages = { id: pipelineId, stages: pipeline.request.stages.map((stage) => ({ ...stage })) };
      const fromGenerated = historyForLearning(history).deals.map((deal) => ({ ...deal, pipelineId }));
      expect(learnStageProbabilities(stages, readBack)).toEqual(
        learnStageProbabilities(
          stages,
          fromGenerated.filter((deal) => generated.some((g) => g.key === deal.dealId)),
        ),
      );
    }
  });

  it('dates the contacts when they arrived and moves them on to customer when a deal is won', async () => {
    const customers = history.contacts.filter((contact) => contact.lifecycleStage === 'customer');
    for (const contact of history.contacts.slice(0, 5)) {
      const stored = await deps.contacts.findByEmail(contact.email);
      expect(stored?.createdAt).toBe(contact.createdAt);
      expect(stored?.customFields).toEqual({ industry: contact.industry, companySize: contact.companySize });
    }
    for (const contact of customers)
      expect((await deps.contacts.findByEmail(contact.email))?.lifecycleStage).toBe('customer');
  });

  it('forecasts from the table exactly what the generated history forecasts', async () => {
    const asOf = history.to;
    const options = { currency: 'EUR', horizon: 3, backTestMonths: 2 };
    const pipelineId = written.pipelineIds['new-business']!;
    const fromTable = await computeForecast(
      { ...deps, context: { ...systemContext, now: () => new Date(asOf) } },
      pipelineId,
      options,
    );
    const { pipelines, deals } = historyForLearning(history);
    const fromGenerated = forecastReport(
      { ...pipelines[0]!, id: pipelineId },
      deals.map((deal) => ({ ...deal, pipelineId: deal.pipelineId === 'new-business' ? pipelineId : 'other' })),
      { ...options, asOf },
    );
    expect(fromTable).toEqual(fromGenerated);
    expect(fromTable.stages.some((stage) => stage.sampleSize > 0)).toBe(true);
  });

  it('records the page visits with their own times when asked to, and only then', async () => {
    expect(written.visits).toBe(0);
    const small = generateHistory({ seed: 8, months: 1, endMonth: '2026-06', contactsPerMonth: 3 });
    const visits = small.engagements.filter((engagement) => engagement.kind === 'page_viewed');
    expect(visits.length).toBeGreaterThan(0);
    const withVisits = await writeHistory(table, small, { withVisits: true });
    expect(withVisits.visits).toBe(visits.length);
    const visitor = small.contacts.find((contact) => visits.some((visit) => visit.contactKey === contact.key))!;
    const stored = await deps.contacts.findByEmail(visitor.email);
    const recorded = await deps.engagements.recent(stored!.id);
    expect(recorded.map((engagement) => engagement.occurredAt).sort()).toEqual(
      visits
        .filter((visit) => visit.contactKey === visitor.key)
        .map((visit) => visit.at)
        .sort(),
    );
    expect(recorded.every((engagement) => engagement.kind === 'page_viewed')).toBe(true);
  });

  it('refuses to write the same seed twice into one table', async () => {
    await expect(writeHistory(table, history)).rejects.toThrow(Conflict);
  });
});
