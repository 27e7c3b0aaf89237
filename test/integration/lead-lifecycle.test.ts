import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { logActivity, updateActivity } from '#shared/activities/activity.service.ts';
import { CreateActivityRequest, UpdateActivityRequest } from '#shared/activities/activity.schema.ts';
import { createCompany } from '#shared/companies/company.service.ts';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { createContact, listContacts } from '#shared/contacts/contact.service.ts';
import { ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { checkLeadSla, noticeAssignedOwner, type OwnerNoticeDeps } from '#shared/leads/lead-owner-notice.service.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { saveRoutingPolicy } from '#shared/routing/routing-policy.service.ts';
import { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { routeLead } from '#shared/routing/routing.service.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { currentScore, scoreContact, scoreWithModel } from '#shared/scoring/scoring.service.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { startLocalSes } from '../../local/ses-local.ts';
import { aContactRequest, anAdmin, anOwnerRequest, aSalesRep } from '../support/builders.ts';
import { aScoringModel } from '../support/lead-lifecycle-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
let table: Awaited<ReturnType<typeof createTestTable>>;
let sesUrl: string;
const emailDomain = () => `lead-${Math.random().toString(36).slice(2)}.example`;

/** Every event in the outbox about `contactId`, oldest first. */
async function eventsOf(contactId: string): Promise<DomainEvent[]> {
  const pending = await deps.outbox.listPending(1000);
  return pending.filter((event) => (event.detail as { contactId?: string }).contactId === contactId);
}

/** A team of `size` active reps (plus overrides per rep) under a policy routing DE to it. */
async function aTeam(size: number, repOverrides: (index: number) => Record<string, unknown> = () => ({})) {
  const manager = await createOwner(deps, anOwnerRequest({ name: 'Mia Manager' }));
  const team = await createTeam(
    deps,
    CreateTeamRequest.parse({ name: `Team ${Math.random()}`, managerOwnerId: manager.id }),
  );
  const reps = [];
  for (let i = 0; i < size; i++)
    reps.push(await createOwner(deps, anOwnerRequest({ name: `Rep ${i}`, teamId: team.id, ...repOverrides(i) })));
  await saveRoutingPolicy(
    deps,
    RoutingPolicyInput.parse({ territoryRules: [{ territories: ['DE'], teamId: team.id }] }),
  );
  return { team, reps, manager };
}

const receivedAt = new Date().toISOString();
/** The scoring cause of a Lead Received event; the same contact gives the same event (as a retry would). */
const leadReceived = (contactId: string, campaignId?: string) => ({
  eventId: `lead-${contactId}`,
  engagement: {
    id: `submission-${contactId}`,
    kind: 'form_submitted' as const,
    occurredAt: receivedAt,
    sourceId: 'form-1',
  },
  ...(campaignId ? { nurtureCampaignId: campaignId } : {}),
});

beforeAll(async () => {
  table = await createTestTable();
  const ses = await startLocalSes(0);
  sesUrl = ses.url;
  deps = { ...buildDependencies(table, systemContext), leadSlaSeconds: 3600 };
  await replaceSettings(deps.scoringModel, aScoringModel(), systemContext);
  return ses.stop;
});

describe('scoring a lead', () => {
  it('records the form submission, promotes a qualifying lead to MQL and says why, with Lead Scored and Lead Qualified', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ email: `vp@${emailDomain()}`, jobTitle: 'VP Sales' }),
      anAdmin(),
    );
    const outcome = await scoreContact(deps, contact.id, leadReceived(contact.id));
    expect(outcome).toMatchObject({ next: 'route', score: 55, grade: 'A', stage: 'mql' });
    const stored = await deps.contacts.get(contact.id);
    expect(stored?.lifecycleStage).toBe('mql');
    expect(stored?.leadScore?.explanation.map((line) => [line.ruleId, line.points])).toEqual([
      ['senior-title', 30],
      ['business-email', 10],
      ['form', 15],
    ]);
    expect((await eventsOf(contact.id)).map((event) => event.detailType)).toEqual([
      'Contact Created',
      'Lead Scored',
      'Lead Qualified',
    ]);
  });

  it('counts a retried lead once and re-emits the same event ids', async () => {
    const contact = await createContact(deps, aContactRequest({ email: `again@${emailDomain()}` }), anAdmin());
    await scoreContact(deps, contact.id, leadReceived(contact.id));
    const retried = await scoreContact(deps, contact.id, leadReceived(contact.id));
    expect(retried.score).toBe(25);
    expect(await deps.engagements.recent(contact.id)).toHaveLength(1);
    expect((await eventsOf(contact.id)).filter((event) => event.detailType === 'Lead Scored')).toHaveLength(1);
  });

  it('hands a lead below MQL to its form’s nurture campaign, and never demotes a stage sales set', async () => {
    const student = await createContact(
      deps,
      aContactRequest({ email: `student@gmail.com`, jobTitle: 'Student' }),
      anAdmin(),
    );
    expect(await scoreContact(deps, student.id, leadReceived(student.id, 'campaign-1'))).toMatchObject({
      next: 'nurture',
      campaignId: 'campaign-1',
      stage: 'subscriber',
    });
    const customer = await createContact(
      deps,
      aContactRequest({ email: `customer@${emailDomain()}`, lifecycleStage: 'customer' }),
      anAdmin(),
    );
    expect(await scoreContact(deps, customer.id, leadReceived(customer.id, 'campaign-1'))).toMatchObject({
      stage: 'customer',
      next: 'done',
    });
  });
});

describe('trying a model not saved yet on a contact', () => {
  it('gives the score and explanation that model would, from the same engagements, and writes nothing', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ email: `cto@${emailDomain()}`, jobTitle: 'CTO' }),
      anAdmin(),
    );
    await scoreContact(deps, contact.id, leadReceived(contact.id));
    const stored = await deps.contacts.get(contact.id);
    const saved = await currentScore(deps, contact.id);
    // Double the form's points and drop the business-email rule: the explanation says so before anything is saved.
    const draft = aScoringModel();
    const tried = await scoreWithModel(deps, contact.id, {
      ...draft,
      fitRules: draft.fitRules.filter((rule) => rule.id !== 'business-email'),
      behaviourRules: draft.behaviourRules.map((rule) => (rule.id === 'form' ? { ...rule, points: 30 } : rule)),
    });
    expect(saved.explanation.map((line) => [line.ruleId, line.points])).toEqual([
      ['senior-title', 30],
      ['business-email', 10],
      ['form', 15],
    ]);
    expect(tried).toMatchObject({ total: 60, fit: 30, behaviour: 30, grade: 'B', stage: 'mql', modelVersion: 0 });
    expect(tried.explanation.map((line) => [line.ruleId, line.points])).toEqual([
      ['senior-title', 30],
      ['form', 30],
    ]);
    expect(await deps.contacts.get(contact.id)).toEqual(stored);
    expect((await deps.scoringModel.get())?.behaviourRules.find((rule) => rule.id === 'form')?.points).toBe(15);
    await expect(scoreWithModel(deps, '01JDEMNOSUCHC0NTACT0000000', draft)).rejects.toThrow('No contact');
  });
});

describe('routing a qualified lead', () => {
  it('leaves exactly one owner and one Lead Assigned event after 20 concurrent attempts', async () => {
    const { reps } = await aTeam(4);
    const contact = await createContact(
      deps,
      aContactRequest({ email: `race@${emailDomain()}`, country: 'DE' }),
      anAdmin(),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => routeLead(deps, contact.id, { causationId: `race-${i}` })),
    );
    const winners = outcomes.filter((outcome) => outcome.assigned);
    expect(winners).toHaveLength(1);
    const ownerId = (await deps.contacts.get(contact.id))?.ownerId;
    expect(reps.map((rep) => rep.id)).toContain(ownerId);
    for (const outcome of outcomes.filter((o) => !o.assigned))
      expect(outcome).toMatchObject({ reason: 'already-owned', ownerId });
    expect((await eventsOf(contact.id)).filter((event) => event.detailType === 'Lead Assigned')).toHaveLength(1);
  });

  it('skips a rep at capacity, counting their open leads in the table', async () => {
    const { reps } = await aTeam(2, (i) => (i === 0 ? { capacity: 1 } : {}));
    const full = reps[0]!;
    await createContact(
      deps,
      aContactRequest({ email: `open@${emailDomain()}`, lifecycleStage: 'lead', ownerId: full.id }),
      anAdmin(),
    );
    for (let i = 0; i < 3; i++) {
      const contact = await createContact(
        deps,
        aContactRequest({ email: `cap-${i}@${emailDomain()}`, country: 'DE' }),
        anAdmin(),
      );
      expect(await routeLead(deps, contact.id, { causationId: `cap-${i}` })).toMatchObject({
        assigned: true,
        ownerId: reps[1]!.id,
      });
    }
  });

  it('gives a lead to its company’s owner, and queues one no team covers', async () => {
    await aTeam(1);
    const accountOwner = await createOwner(deps, anOwnerRequest({ name: 'Account Owner' }));
    const domain = emailDomain();
    await createCompany(
      deps,
      CreateCompanyRequest.parse({ name: 'Acme', domain, ownerId: accountOwner.id }),
      anAdmin(),
    );
    const known = await createContact(deps, aContactRequest({ email: `buyer@${domain}`, country: 'FR' }), anAdmin());
    expect(await routeLead(deps, known.id, { causationId: 'acct' })).toMatchObject({
      assigned: true,
      ownerId: accountOwner.id,
    });
    const stranger = await createContact(
      deps,
      aContactRequest({ email: `x@${emailDomain()}`, country: 'FR' }),
      anAdmin(),
    );
    expect(await routeLead(deps, stranger.id, { causationId: 'q' })).toMatchObject({
      assigned: false,
      reason: 'no-team',
    });
    expect((await eventsOf(stranger.id)).map((event) => event.detailType)).toContain('Lead Queued');
    const queue = (await listContacts(deps, ListContactsQuery.parse({ unowned: 'true', limit: 100 }))).items.map(
      (contact) => contact.id,
    );
    expect(queue).toContain(stranger.id);
    expect(queue).not.toContain(known.id);
  });
});

describe('the owner’s notice and SLA', () => {
  const timersSet: Parameters<TimerScheduler['scheduleOnce']>[0][] = [];
  const noticeDeps = (): OwnerNoticeDeps => ({
    ...deps,
    email: new EmailSender(
      table,
      'Relay <no-reply@relay.example>',
      new SESv2Client({
        endpoint: sesUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    ),
    timers: { scheduleOnce: async (timer) => void timersSet.push(timer) },
    publicApiUrl: 'http://relay.test',
  });
  const outbox = async () =>
    (
      (await (await fetch(`${sesUrl}/store`)).json()) as {
        emails: { destination: { to: string[] }; subject: string }[];
      }
    ).emails;

  it('emails the owner once and sets one SLA timer at the due time, however often it is retried', async () => {
    const { reps } = await aTeam(1);
    const contact = await createContact(
      deps,
      aContactRequest({ email: `notice@${emailDomain()}`, country: 'DE' }),
      anAdmin(),
    );
    const routed = await routeLead(deps, contact.id, { causationId: 'n' });
    if (!routed.assigned) throw new Error('not assigned');
    const before = (await outbox()).length;
    await noticeAssignedOwner(noticeDeps(), routed);
    await noticeAssignedOwner(noticeDeps(), routed);
    const sent = (await outbox()).slice(before);
    expect(sent.map((email) => email.destination.to[0])).toEqual([reps[0]!.email]);
    expect(sent[0]?.subject).toMatch(/^New lead:/);
    const timers = timersSet.filter((timer) => timer.payload.contactId === contact.id);
    expect(new Set(timers.map((timer) => timer.name)).size).toBe(1);
    expect(timers[0]).toMatchObject({ target: 'lead-sla-check', at: routed.slaDueAt });
  });

  it('reassigns an untouched lead once and tells the manager; leaves a touched one alone', async () => {
    const { reps, manager } = await aTeam(2);
    const untouched = await createContact(
      deps,
      aContactRequest({ email: `cold@${emailDomain()}`, country: 'DE' }),
      anAdmin(),
    );
    const first = await routeLead(deps, untouched.id, { causationId: 'sla-1' });
    if (!first.assigned) throw new Error('not assigned');
    const before = (await outbox()).length;
    const outcome = await checkLeadSla(noticeDeps(), first);
    const other = reps.find((rep) => rep.id !== first.ownerId)!;
    expect(outcome).toMatchObject({ action: 'reassigned', routing: { ownerId: other.id } });
    expect((await deps.contacts.get(untouched.id))?.assignment).toMatchObject({
      ownerId: other.id,
      reassignedFrom: first.ownerId,
    });
    expect(
      (await outbox())
        .slice(before)
        .map((email) => email.destination.to[0])
        .sort(),
    ).toEqual([other.email, manager.email].sort());
    expect(await checkLeadSla(noticeDeps(), first)).toEqual({ action: 'none', reason: 'owner-changed' });

    const touched = await createContact(
      deps,
      aContactRequest({ email: `warm@${emailDomain()}`, country: 'DE' }),
      anAdmin(),
    );
    const routed = await routeLead(deps, touched.id, { causationId: 'sla-2' });
    if (!routed.assigned) throw new Error('not assigned');
    await logActivity(
      deps,
      CreateActivityRequest.parse({ type: 'call', contactId: touched.id }),
      aSalesRep(routed.ownerId),
    );
    expect(await checkLeadSla(noticeDeps(), routed)).toEqual({ action: 'none', reason: 'touched' });
  });

  it("does not let another rep's activity count as the owner's touch", async () => {
    const { reps } = await aTeam(2);
    const lead = await createContact(
      deps,
      aContactRequest({ email: `contested@${emailDomain()}`, country: 'DE' }),
      anAdmin(),
    );
    const routed = await routeLead(deps, lead.id, { causationId: 'sla-contested' });
    if (!routed.assigned) throw new Error('not assigned');
    const rival = reps.find((rep) => rep.id !== routed.ownerId)!;
    // The rival can neither log a call in the owner's name nor hand their own call to the owner.
    await expect(
      logActivity(
        deps,
        CreateActivityRequest.parse({ type: 'call', contactId: lead.id, ownerId: routed.ownerId }),
        aSalesRep(rival.id),
      ),
    ).rejects.toMatchObject({ status: 403 });
    const rivalsCall = await logActivity(
      deps,
      CreateActivityRequest.parse({ type: 'call', contactId: lead.id }),
      aSalesRep(rival.id),
    );
    await expect(
      updateActivity(
        deps,
        rivalsCall.id,
        UpdateActivityRequest.parse({ ownerId: routed.ownerId }),
        aSalesRep(rival.id),
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(await checkLeadSla(noticeDeps(), routed)).toMatchObject({ action: 'reassigned' });
  });
});
