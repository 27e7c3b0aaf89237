import type { Actor } from '../auth/actor.ts';
import { ownerForNewRecord, requireOwnershipForSales } from '../auth/policy.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { assertExpectedVersion, requireReferences, writeVersioned } from '../common/guards.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import { applyMergePatch } from '../versioned.ts';
import type { DealRepository } from './deal.repository.ts';
import { newDeal, planStageMove } from './deal.rules.ts';
import type {
  CreateDealRequest,
  Deal,
  ListDealsQuery,
  MoveDealRequest,
  StageChange,
  UpdateDealRequest,
  WonDealsQuery,
} from './deal.schema.ts';
import type { PipelineRepository } from './pipeline.repository.ts';
import type { Pipeline } from './pipeline.schema.ts';

export interface DealDeps {
  deals: DealRepository;
  pipelines: PipelineRepository;
  contacts: ContactRepository;
  companies: CompanyRepository;
  owners: OwnerRepository;
  context: AppContext;
}

export async function createDeal(deps: DealDeps, request: CreateDealRequest, actor: Actor): Promise<Deal> {
  const ownerId = ownerForNewRecord(actor, request.ownerId, 'deals');
  const pipeline = await requirePipeline(deps, request.pipelineId);
  await requireLinks(deps, { ...request, ownerId });
  const deal = newDeal({ ...request, ownerId }, pipeline, deps.context);
  const change: StageChange = {
    dealId: deal.id,
    toStageId: deal.stageId,
    at: deal.createdAt,
    byPrincipal: actor.principal.subject,
  };
  await deps.deals.create(deal, change, [stageChangedEvent(deps.context, deal, undefined)]);
  return deal;
}

export async function getDeal(deps: Pick<DealDeps, 'deals'>, dealId: string): Promise<Deal> {
  const deal = await deps.deals.get(dealId);
  if (!deal) throw new NotFound(`There is no deal ${dealId}.`);
  return deal;
}

export async function updateDeal(
  deps: DealDeps,
  dealId: string,
  patch: UpdateDealRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Deal> {
  const before = await getDealAt(deps, dealId, expectedVersion);
  await requireLinks(deps, {
    ownerId: patch.ownerId ?? undefined,
    contactId: patch.contactId ?? undefined,
    companyId: patch.companyId ?? undefined,
  });
  const { after, changedFields } = applyMergePatch(before, patch, deps.context);
  requireOwnershipForSales(actor.principal, actor.ownerId, [before.ownerId, after.ownerId], 'deals');
  if (changedFields.length === 0) return before;
  await writeVersioned(() => deps.deals.update(before, after, undefined, []), 'deal', expectedVersion);
  return after;
}

/** Moves a deal to another stage of its pipeline, recording the move; emits Deal Stage Changed and Deal Won/Lost. */
export async function moveDeal(
  deps: DealDeps,
  dealId: string,
  move: MoveDealRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Deal> {
  const before = await getDealAt(deps, dealId, expectedVersion);
  requireOwnershipForSales(actor.principal, actor.ownerId, [before.ownerId], 'deals');
  const pipeline = await requirePipeline(deps, before.pipelineId);
  const { after, change } = planStageMove(before, pipeline, move, actor.principal, deps.context);
  const events: DomainEvent[] = [stageChangedEvent(deps.context, after, before.stageId)];
  const meta = () => ({ id: deps.context.newId(), occurredAt: isoNow(deps.context) });
  const links = { ownerId: after.ownerId, contactId: after.contactId, companyId: after.companyId };
  if (after.status === 'won') {
    events.push(
      domainEvent(
        'Deal Won',
        {
          dealId,
          pipelineId: after.pipelineId,
          amount: after.amount,
          currency: after.currency,
          dealType: after.type,
          ...links,
        },
        meta(),
      ),
    );
  }
  if (after.status === 'lost')
    events.push(
      domainEvent(
        'Deal Lost',
        {
          dealId,
          pipelineId: after.pipelineId,
          amount: after.amount,
          currency: after.currency,
          dealType: after.type,
          ...links,
        },
        meta(),
      ),
    );
  await writeVersioned(() => deps.deals.update(before, after, change, events), 'deal', expectedVersion);
  return after;
}

export async function deleteDeal(deps: DealDeps, dealId: string, expectedVersion?: number): Promise<void> {
  const deal = await getDealAt(deps, dealId, expectedVersion);
  await writeVersioned(() => deps.deals.delete(deal), 'deal', expectedVersion);
}

export function listDeals(deps: Pick<DealDeps, 'deals'>, query: ListDealsQuery): Promise<Page<Deal>> {
  if (query.ownerId) return deps.deals.listByOwner(query.ownerId, query.limit, query.cursor);
  if (query.companyId) return deps.deals.listByCompany(query.companyId, query.limit, query.cursor);
  if (query.contactId) return deps.deals.listByContact(query.contactId, query.limit, query.cursor);
  return deps.deals.listByStage(query.pipelineId as string, query.stageId as string, query.limit, query.cursor);
}

/** Deals won on the calendar days `from`..`to` (UTC, inclusive). */
export function listWonDeals(deps: Pick<DealDeps, 'deals'>, query: WonDealsQuery): Promise<Page<Deal>> {
  return deps.deals.listWon(`${query.from}T00:00:00.000Z`, `${query.to}T23:59:59.999Z`, query.limit, query.cursor);
}

export async function dealHistory(deps: Pick<DealDeps, 'deals'>, dealId: string): Promise<StageChange[]> {
  await getDeal(deps, dealId);
  return deps.deals.history(dealId);
}

/** The board: each stage of a pipeline, in order, with its newest deals and the totals of all its deals. */
export async function pipelineBoard(deps: Pick<DealDeps, 'deals' | 'pipelines'>, pipelineId: string, perStage: number) {
  const pipeline = await requirePipeline(deps, pipelineId);
  const [totals, pages] = await Promise.all([
    deps.deals.stageTotals(pipelineId),
    Promise.all(pipeline.stages.map((stage) => deps.deals.listByStage(pipelineId, stage.id, perStage))),
  ]);
  const columns = pipeline.stages.map((stage, index) => {
    const page = pages[index]!;
    const stageTotals = totals
      .filter((total) => total.stageId === stage.id && total.dealCount > 0)
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map(({ currency, dealCount, amount }) => ({
        currency,
        dealCount,
        amount: roundMoney(amount),
        weighted: roundMoney(amount * stage.probability),
      }));
    return {
      stage,
      deals: page.items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      totals: stageTotals,
    };
  });
  return { pipeline: { id: pipeline.id, name: pipeline.name }, columns };
}

const roundMoney = (amount: number) => Math.round(amount * 100) / 100;

function stageChangedEvent(context: AppContext, deal: Deal, fromStageId: string | undefined) {
  return domainEvent(
    'Deal Stage Changed',
    { dealId: deal.id, pipelineId: deal.pipelineId, fromStageId, toStageId: deal.stageId, ownerId: deal.ownerId },
    { id: context.newId(), occurredAt: isoNow(context) },
  );
}

async function getDealAt(deps: Pick<DealDeps, 'deals'>, dealId: string, expectedVersion?: number): Promise<Deal> {
  const deal = await getDeal(deps, dealId);
  assertExpectedVersion(deal, expectedVersion, 'deal');
  return deal;
}

async function requirePipeline(deps: Pick<DealDeps, 'pipelines'>, pipelineId: string): Promise<Pipeline> {
  const pipeline = await deps.pipelines.get(pipelineId);
  if (!pipeline)
    throw new ValidationFailed(`There is no pipeline ${pipelineId}.`, [
      { pointer: '/pipelineId', message: 'no such pipeline' },
    ]);
  return pipeline;
}

/** Referenced owner, contact and company must exist. */
function requireLinks(
  deps: DealDeps,
  links: { ownerId?: string; contactId?: string; companyId?: string },
): Promise<void> {
  return requireReferences({
    ownerId: [links.ownerId, (id) => deps.owners.get(id)],
    contactId: [links.contactId, (id) => deps.contacts.get(id)],
    companyId: [links.companyId, (id) => deps.companies.get(id)],
  });
}
