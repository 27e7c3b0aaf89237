import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { createCompany, deleteCompany } from '#shared/companies/company.service.ts';
import { createContact, listContacts } from '#shared/contacts/contact.service.ts';
import { ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import {
  CreateDealRequest,
  ListDealsQuery,
  MoveDealRequest,
  UpdateDealRequest,
  WonDealsQuery,
} from '#shared/deals/deal.schema.ts';
import {
  createDeal,
  dealHistory,
  listDeals,
  listWonDeals,
  moveDeal,
  pipelineBoard,
  updateDeal,
} from '#shared/deals/deal.service.ts';
import { createPipeline, updatePipeline } from '#shared/deals/pipeline.service.ts';
import { UpdatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import { Conflict, Forbidden, ValidationFailed } from '#shared/errors.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { aContactRequest, anAdmin, anOwnerRequest, aPipelineRequest, aSalesRep } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
let outbox: OutboxRepository;
beforeAll(async () => {
  const table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  outbox = new OutboxRepository(table);
});

describe('companies', () => {
  it('keeps domains unique however they are written', async () => {
    const acme = await createCompany(
      deps,
      CreateCompanyRequest.parse({ name: 'Acme', domain: 'https://www.ACME-corp.example/about' }),
      anAdmin(),
    );
    expect(acme.domain).toBe('acme-corp.example');
    await expect(
      createCompany(deps, CreateCompanyRequest.parse({ name: 'Acme 2', domain: 'acme-corp.example' }), anAdmin()),
    ).rejects.toMatchObject({
      extensions: { existingCompanyId: acme.id },
    });
  });

  it("links a new contact to the company of its email domain, and lists the company's contacts", async () => {
    const globex = await createCompany(
      deps,
      CreateCompanyRequest.parse({ name: 'Globex', domain: 'globex.example' }),
      anAdmin(),
    );
    const hank = await createContact(deps, aContactRequest({ email: 'hank@Globex.example' }), anAdmin());
    const other = await createContact(deps, aContactRequest({ email: 'someone@elsewhere.example' }), anAdmin());
    expect(hank.companyId).toBe(globex.id);
    expect(other.companyId).toBeUndefined();
    const contacts = await listContacts(deps, ListContactsQuery.parse({ companyId: globex.id }));
    expect(contacts.items.map((c) => c.id)).toEqual([hank.id]);
  });

  it('refuses to delete a company that still has contacts', async () => {
    const initech = await createCompany(
      deps,
      CreateCompanyRequest.parse({ name: 'Initech', domain: 'initech.example' }),
      anAdmin(),
    );
    await createContact(deps, aContactRequest({ email: 'peter@initech.example' }), anAdmin());
    await expect(deleteCompany(deps, initech.id)).rejects.toBeInstanceOf(Conflict);
    const empty = await createCompany(deps, CreateCompanyRequest.parse({ name: 'Empty Co' }), anAdmin());
    await deleteCompany(deps, empty.id);
    expect(await deps.companies.get(empty.id)).toBeUndefined();
  });
});

describe('deals and pipelines', () => {
  it('moves a deal through its pipeline, keeping history and emitting Deal Won once', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const deal = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Globex expansion', pipelineId: pipeline.id, amount: 12000, type: 'expansion' }),
      anAdmin(),
    );
    expect(deal).toMatchObject({ stageId: 'qualified', status: 'open', probability: 0.2 });
    await moveDeal(deps, deal.id, MoveDealRequest.parse({ stageId: 'proposal' }), anAdmin());
    const won = await moveDeal(deps, deal.id, MoveDealRequest.parse({ stageId: 'won', reason: 'Best fit' }), anAdmin());
    expect(won).toMatchObject({ status: 'won', probability: 1, closeReason: 'Best fit', version: 3 });
    expect(won.wonAt).toBeDefined();
    const history = await dealHistory(deps, deal.id);
    expect(history.map((c) => `${c.fromStageId ?? '-'}→${c.toStageId}`)).toEqual([
      'proposal→won',
      'qualified→proposal',
      '-→qualified',
    ]);
    const events = (await outbox.listPending(1000)).filter((e) => 'dealId' in e.detail && e.detail.dealId === deal.id);
    expect(events.map((e) => e.detailType)).toEqual([
      'Deal Stage Changed',
      'Deal Stage Changed',
      'Deal Stage Changed',
      'Deal Won',
    ]);
    expect(events[3]?.detail).toMatchObject({ amount: 12000, currency: 'EUR', dealType: 'expansion' });
  });

  it('requires a reason to lose a deal, and reopening clears the outcome', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const deal = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Tender', pipelineId: pipeline.id }),
      anAdmin(),
    );
    await expect(moveDeal(deps, deal.id, MoveDealRequest.parse({ stageId: 'lost' }), anAdmin())).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    const lost = await moveDeal(
      deps,
      deal.id,
      MoveDealRequest.parse({ stageId: 'lost', reason: 'Budget cut' }),
      anAdmin(),
    );
    expect(lost).toMatchObject({ status: 'lost', closeReason: 'Budget cut' });
    const reopened = await moveDeal(deps, deal.id, MoveDealRequest.parse({ stageId: 'negotiation' }), anAdmin());
    expect(reopened).toMatchObject({ status: 'open', probability: 0.8 });
    expect(reopened).not.toHaveProperty('lostAt');
    expect(reopened).not.toHaveProperty('closeReason');
  });

  it('shows the board by stage and lists won deals by date range', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest('Board test'));
    const a = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'A', pipelineId: pipeline.id, amount: 1000 }),
      anAdmin(),
    );
    const b = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'B', pipelineId: pipeline.id, stageId: 'negotiation', amount: 250 }),
      anAdmin(),
    );
    await moveDeal(deps, b.id, MoveDealRequest.parse({ stageId: 'won' }), anAdmin());
    const board = await pipelineBoard(deps, pipeline.id, 10);
    expect(board.columns.map((c) => [c.stage.id, c.deals.map((d) => d.name)])).toEqual([
      ['qualified', ['A']],
      ['proposal', []],
      ['negotiation', []],
      ['won', ['B']],
      ['lost', []],
    ]);
    // Each column's totals count all its deals (not the page), weighted by the stage's probability (20 %).
    expect(board.columns.map((c) => c.totals)).toEqual([
      [{ currency: 'EUR', dealCount: 1, amount: 1000, weighted: 200 }],
      [],
      [],
      [{ currency: 'EUR', dealCount: 1, amount: 250, weighted: 250 }],
      [],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const won = await listWonDeals(deps, WonDealsQuery.parse({ from: today, to: today, limit: '100' }));
    expect(won.items.map((d) => d.id)).toContain(b.id);
    expect(won.items.map((d) => d.id)).not.toContain(a.id);
    const lastYear = await listWonDeals(deps, WonDealsQuery.parse({ from: '2020-01-01', to: '2020-12-31' }));
    expect(lastYear.items).toEqual([]);
    const inStage = await listDeals(deps, ListDealsQuery.parse({ pipelineId: pipeline.id, stageId: 'qualified' }));
    expect(inStage.items.map((d) => d.id)).toEqual([a.id]);
  });

  it('refuses to remove a stage that still holds deals', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest());
    await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Stuck', pipelineId: pipeline.id, stageId: 'proposal' }),
      anAdmin(),
    );
    const withoutProposal = aPipelineRequest().stages.filter((s) => s.id !== 'proposal');
    await expect(
      updatePipeline(deps, pipeline.id, UpdatePipelineRequest.parse({ stages: withoutProposal })),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it("lets a sales rep work their own deals and not another rep's", async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const [ada, bob] = await Promise.all([
      createOwner(deps, anOwnerRequest({ name: 'Ada' })),
      createOwner(deps, anOwnerRequest({ name: 'Bob' })),
    ]);
    const own = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Ada deal', pipelineId: pipeline.id }),
      aSalesRep(ada.id),
    );
    expect(own.ownerId).toBe(ada.id);
    const bobs = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Bob deal', pipelineId: pipeline.id, ownerId: bob.id }),
      anAdmin(),
    );
    await expect(
      updateDeal(deps, bobs.id, UpdateDealRequest.parse({ amount: 1 }), aSalesRep(ada.id)),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      moveDeal(deps, bobs.id, MoveDealRequest.parse({ stageId: 'won' }), aSalesRep(ada.id)),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      updateDeal(deps, own.id, UpdateDealRequest.parse({ ownerId: bob.id }), aSalesRep(ada.id)),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await updateDeal(deps, own.id, UpdateDealRequest.parse({ amount: 5000 }), aSalesRep(ada.id))).toMatchObject({
      amount: 5000,
    });
    expect((await listDeals(deps, ListDealsQuery.parse({ ownerId: ada.id }))).items.map((d) => d.id)).toEqual([own.id]);
  });

  it('refuses links to a contact or company that does not exist', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const error = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'X', pipelineId: pipeline.id, contactId: '01JDEM0000000000000000000X' }),
      anAdmin(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([{ pointer: '/contactId', message: 'no such contact' }]);
  });
});
