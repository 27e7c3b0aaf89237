import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack(['--seed'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const stages = [
  { id: 'discovery', name: 'Discovery', probability: 0.1 },
  { id: 'proposal', name: 'Proposal', probability: 0.5 },
  { id: 'won', name: 'Won', probability: 1, kind: 'won' },
  { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
];

describe('the CRM core over HTTP on the local stack', () => {
  it('runs a sale end to end: company, linked contact, pipeline, deal, activities, won', async () => {
    const { api } = stack;
    const company = await api('POST', '/companies', {
      name: 'Umbrella Corp',
      domain: 'umbrella.example',
      industry: 'Biotech',
      size: '1001-5000',
    });
    expect(company.status).toBe(201);
    const contact = await api(
      'POST',
      '/contacts',
      { email: 'alice@umbrella.example', firstName: 'Alice', ownerId: demoIds.ada },
      { as: 'salesAda' },
    );
    expect(contact.json.companyId).toBe(company.json.id);
    expect(
      (await api('GET', `/contacts?companyId=${company.json.id}`)).json.items.map((c: { id: string }) => c.id),
    ).toEqual([contact.json.id]);

    const pipeline = await api('POST', '/pipelines', { name: 'Enterprise', stages });
    expect(pipeline.status).toBe(201);
    expect((await api('POST', '/pipelines', { name: 'Broken', stages: stages.slice(0, 2) })).status).toBe(400);

    const deal = await api(
      'POST',
      '/deals',
      {
        name: 'Umbrella platform',
        pipelineId: pipeline.json.id,
        amount: 48000,
        contactId: contact.json.id,
        companyId: company.json.id,
      },
      { as: 'salesAda' },
    );
    expect(deal).toMatchObject({ status: 201, json: { ownerId: demoIds.ada, stageId: 'discovery' } });
    const dealId = deal.json.id as string;

    const call = await api(
      'POST',
      '/activities',
      {
        type: 'call',
        contactId: contact.json.id,
        dealId,
        direction: 'outbound',
        durationSeconds: 900,
        subject: 'Discovery call',
      },
      { as: 'salesAda' },
    );
    const task = await api(
      'POST',
      '/activities',
      { type: 'task', dealId, subject: 'Send proposal', dueAt: '2030-01-01T09:00:00Z' },
      { as: 'salesAda' },
    );
    expect([call.status, task.status]).toEqual([201, 201]);
    expect(
      (await api('GET', `/activities?openTasksOf=${demoIds.ada}`)).json.items.map((a: { id: string }) => a.id),
    ).toContain(task.json.id);
    expect((await api('PATCH', `/activities/${task.json.id}`, { done: true }, { as: 'salesAda' })).json.done).toBe(
      true,
    );
    expect((await api('GET', `/activities?dealId=${dealId}`)).json.items.map((a: { id: string }) => a.id)).toEqual([
      task.json.id,
      call.json.id,
    ]);

    expect(
      (
        await api(
          'POST',
          `/deals/${dealId}/stage`,
          { stageId: 'proposal' },
          { as: 'salesAda', headers: { 'if-match': '"1"' } },
        )
      ).status,
    ).toBe(200);
    const won = await api(
      'POST',
      `/deals/${dealId}/stage`,
      { stageId: 'won', reason: 'Security review passed' },
      { as: 'salesAda' },
    );
    expect(won.json).toMatchObject({ status: 'won', probability: 1 });
    const history = await api('GET', `/deals/${dealId}/history`);
    expect(history.json.items.map((c: { toStageId: string }) => c.toStageId)).toEqual(['won', 'proposal', 'discovery']);

    const board = await api('GET', `/pipelines/${pipeline.json.id}/board`);
    expect(
      board.json.columns.map((c: { stage: { id: string }; deals: unknown[] }) => [c.stage.id, c.deals.length]),
    ).toEqual([
      ['discovery', 0],
      ['proposal', 0],
      ['won', 1],
      ['lost', 0],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await api('GET', `/deals/won?from=${today}&to=${today}`)).json.items.map((d: { id: string }) => d.id),
    ).toContain(dealId);

    const wonEvent = await eventually(
      async () => (await api('GET', '/_local/events?detailType=Deal%20Won', undefined, { as: null })).json.events,
      (events: { detail: { dealId: string } }[]) => events.some((e) => e.detail.dealId === dealId),
    );
    expect(wonEvent.find((e: { detail: { dealId: string } }) => e.detail.dealId === dealId)).toMatchObject({
      source: 'relay.deals',
      detail: { amount: 48000, ownerId: demoIds.ada },
    });

    expect((await api('DELETE', `/companies/${company.json.id}`)).status).toBe(409);
  });

  it("answers 403 problem+json when a sales rep touches another rep's deal", async () => {
    const { api } = stack;
    const pipeline = await api('POST', '/pipelines', { name: 'Ownership', stages });
    const gracesDeal = await api(
      'POST',
      '/deals',
      { name: 'Grace deal', pipelineId: pipeline.json.id },
      { as: 'salesGrace' },
    );
    expect(gracesDeal.json.ownerId).toBe(demoIds.grace);
    const update = await api('PATCH', `/deals/${gracesDeal.json.id}`, { amount: 1 }, { as: 'salesAda' });
    const move = await api('POST', `/deals/${gracesDeal.json.id}/stage`, { stageId: 'won' }, { as: 'salesAda' });
    for (const refused of [update, move]) {
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await api('GET', `/deals/${gracesDeal.json.id}`, undefined, { as: 'salesAda' })).json).toMatchObject({
      stageId: 'discovery',
      amount: 0,
    });
    expect((await api('GET', `/deals/${gracesDeal.json.id}`)).status).toBe(200);
  });

  it('segments, owners and teams over HTTP', async () => {
    const { api } = stack;
    const segment = await api(
      'POST',
      '/segments',
      { name: "Ada's leads", filter: { ownerIds: [demoIds.ada] } },
      { as: 'marketing' },
    );
    expect(segment.status).toBe(201);
    expect((await api('POST', '/segments', { name: 'x', filter: {} }, { as: 'salesAda' })).status).toBe(403);
    const members = await api('GET', `/segments/${segment.json.id}/members?limit=100`);
    expect(members.json.items.length).toBeGreaterThanOrEqual(2);
    expect(members.json.items.every((c: { ownerId: string }) => c.ownerId === demoIds.ada)).toBe(true);
    expect((await api('GET', `/segments/${segment.json.id}/count`)).json.count).toBe(members.json.items.length);

    expect((await api('GET', '/owners?territory=DE')).json.items.map((o: { id: string }) => o.id)).toEqual([
      demoIds.ada,
    ]);
    expect((await api('GET', `/owners?teamId=${demoIds.team}`)).json.items).toHaveLength(2);
    const rep = await api('POST', '/owners', { name: 'Linus Rep', email: 'linus@relay.example', territories: ['FI'] });
    expect(rep.status).toBe(201);
    expect((await api('POST', '/owners', { name: 'Dup', email: 'LINUS@relay.example' })).status).toBe(409);
    expect(
      (await api('PATCH', `/owners/${rep.json.id}`, { status: 'away' }, { headers: { 'if-match': '"1"' } })).json
        .status,
    ).toBe('away');
    expect((await api('GET', '/teams')).json.items.map((t: { id: string }) => t.id)).toContain(demoIds.team);
  });
});
