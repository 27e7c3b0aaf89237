import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  changeCampaignStatus,
  createCampaign,
  getCampaignVersion,
  listCampaignVersions,
  publishCampaign,
  replaceDraft,
} from '#shared/campaigns/campaign.service.ts';
import { previewEmail as previewWith } from '#shared/campaigns/campaign-email.service.ts';
import { createContact, updateContact } from '#shared/contacts/contact.service.ts';
import { enrollOnEvent } from '#shared/campaigns/enrollment.service.ts';
import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { createSegment } from '#shared/segments/segment.service.ts';
import { CreateSegmentRequest } from '#shared/segments/segment.schema.ts';
import { systemContext } from '#shared/context.ts';
import { Conflict, NotFound, ValidationFailed } from '#shared/errors.ts';
import { aContactRequest, anAdmin, aMarketer } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
const journey = (overrides: Record<string, unknown> = {}) => CampaignDefinition.parse(aNurtureJourney(overrides));

beforeAll(async () => {
  deps = buildDependencies(await createTestTable(), systemContext);
});

describe('campaign lifecycle', () => {
  it('publishes immutable versions: editing the draft and publishing again leaves version 1 as it was', async () => {
    const draft = await createCampaign(deps, journey());
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    const published = await publishCampaign(deps, draft.id, aMarketer(), 1);
    expect(published).toMatchObject({ status: 'active', publishedVersion: 1 });

    await replaceDraft(deps, draft.id, journey({ name: 'Trial nurture v2' }));
    const again = await publishCampaign(deps, draft.id, aMarketer());
    expect(again).toMatchObject({ publishedVersion: 2, name: 'Trial nurture v2' });
    expect((await getCampaignVersion(deps, draft.id, 1)).definition.name).toBe('Trial nurture');
    expect((await getCampaignVersion(deps, draft.id, 2)).definition.name).toBe('Trial nurture v2');
    const events = (await deps.outbox.listPending(100)).filter(
      (event) => (event.detail as { campaignId?: string }).campaignId === draft.id,
    );
    expect(events.map((event) => event.detailType)).toEqual(['Campaign Published', 'Campaign Published']);
  });

  it('lists the published versions newest first, a page at a time, without their definitions', async () => {
    const campaign = await createCampaign(deps, journey());
    expect(await listCampaignVersions(deps, campaign.id, { limit: 2 })).toEqual({ items: [] });
    for (const name of ['First', 'Second', 'Third']) {
      await replaceDraft(deps, campaign.id, journey({ name }));
      await publishCampaign(deps, campaign.id, aMarketer());
    }
    const first = await listCampaignVersions(deps, campaign.id, { limit: 2 });
    expect(first.items.map((version) => `${version.number} ${version.name}`)).toEqual(['3 Third', '2 Second']);
    expect(first.items[0]).toEqual({
      campaignId: campaign.id,
      number: 3,
      name: 'Third',
      publishedAt: expect.any(String),
      publishedBy: aMarketer().principal.subject,
    });
    const second = await listCampaignVersions(deps, campaign.id, { limit: 2, cursor: first.nextCursor as string });
    expect(second).toEqual({ items: [expect.objectContaining({ number: 1, name: 'First' })] });
    const tampered = Buffer.from(JSON.stringify({ before: 99 })).toString('base64url');
    await expect(listCampaignVersions(deps, campaign.id, { limit: 2, cursor: tampered })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(listCampaignVersions(deps, campaign.id, { limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(listCampaignVersions(deps, '01JN0SVCHCAMPA1GN000000000', { limit: 2 })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('pauses and resumes, keeps a paused campaign paused on publish, and makes archiving final', async () => {
    const campaign = await createCampaign(deps, journey());
    await expect(changeCampaignStatus(deps, campaign.id, { status: 'active' })).rejects.toThrow(
      /publish the campaign before activating it/,
    );
    await publishCampaign(deps, campaign.id, aMarketer());
    expect(await changeCampaignStatus(deps, campaign.id, { status: 'paused' })).toMatchObject({ status: 'paused' });
    expect(await publishCampaign(deps, campaign.id, aMarketer())).toMatchObject({
      status: 'paused',
      publishedVersion: 2,
    });
    expect(await changeCampaignStatus(deps, campaign.id, { status: 'active' })).toMatchObject({ status: 'active' });
    await changeCampaignStatus(deps, campaign.id, { status: 'archived' });
    await expect(replaceDraft(deps, campaign.id, journey())).rejects.toBeInstanceOf(Conflict);
    await expect(changeCampaignStatus(deps, campaign.id, { status: 'active' })).rejects.toThrow(
      /archived campaign cannot be changed/,
    );
  });

  it('refuses to publish a campaign naming a segment or form that does not exist, with a pointer to it', async () => {
    const campaign = await createCampaign(
      deps,
      journey({ trigger: { type: 'form', formId: '01JN0SVCHF0RM00000000000AB' } }),
    );
    const refusal = await publishCampaign(deps, campaign.id, aMarketer()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationFailed);
    expect((refusal as ValidationFailed).errors).toEqual([
      { pointer: '/draft/trigger/formId', message: 'no form 01JN0SVCHF0RM00000000000AB' },
    ]);
  });

  it('previews an email for a real contact, or the sample one, and names what cannot be previewed', async () => {
    const mail = { from: 'Relay <no-reply@relay.example>', publicApiUrl: 'https://api.relay.example' };
    const previewEmail = (...args: [string, Parameters<typeof previewWith>[2]]) =>
      previewWith({ ...deps, mail }, ...args);
    const campaign = await createCampaign(deps, journey());
    const contact = await createContact(
      deps,
      aContactRequest({ email: 'preview@example.com', firstName: 'Priya', companyName: 'Acme' }),
      anAdmin(),
    );
    expect(await previewEmail(campaign.id, { stepId: 'welcome', contactId: contact.id })).toMatchObject({
      subject: 'Welcome, Priya',
      text: expect.stringContaining('Hi Priya'),
    });
    expect(
      await previewEmail(campaign.id, { stepId: 'case-study', variantId: 'a', contactId: contact.id }),
    ).toMatchObject({ variantId: 'a', subject: 'How Acme save time' });
    expect(await previewEmail(campaign.id, { stepId: 'welcome' })).toMatchObject({ subject: 'Welcome, Ada' });
    await expect(previewEmail(campaign.id, { stepId: 'two-days' })).rejects.toThrow(/sends no email/);
    await expect(previewEmail(campaign.id, { stepId: 'nope' })).rejects.toThrow(/no step "nope"/);
  });

  it('files the live trigger where its event finds it, and moves it when a new version changes it', async () => {
    const campaign = await createCampaign(
      deps,
      journey({ trigger: { type: 'event', detailType: 'Lead Qualified', detail: { stage: 'sql' } } }),
    );
    expect(await deps.campaigns.triggeredBy('event:Lead Qualified')).not.toContainEqual(
      expect.objectContaining({ id: campaign.id }),
    );
    await publishCampaign(deps, campaign.id, aMarketer());
    expect(await deps.campaigns.triggeredBy('event:Lead Qualified')).toContainEqual({
      id: campaign.id,
      liveTrigger: { type: 'event', detailType: 'Lead Qualified', detail: { stage: 'sql' } },
    });
    await replaceDraft(deps, campaign.id, journey({ trigger: { type: 'event', detailType: 'Deal Won', detail: {} } }));
    await publishCampaign(deps, campaign.id, aMarketer());
    expect(await deps.campaigns.triggeredBy('event:Lead Qualified')).not.toContainEqual(
      expect.objectContaining({ id: campaign.id }),
    );
    expect(await deps.campaigns.triggeredBy('event:Deal Won')).toContainEqual(
      expect.objectContaining({ id: campaign.id }),
    );
  });

  it('enrolls a contact who joins the trigger segment later, on the contact change that brings them in', async () => {
    const tag = `joiner-${Math.random().toString(36).slice(2, 8)}`;
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: `Joiners ${tag}`, filter: { tagsAny: [tag] } }),
    );
    const campaign = await createCampaign(deps, journey({ trigger: { type: 'segment', segmentId: segment.id } }));
    await publishCampaign(deps, campaign.id, aMarketer());
    const timers: unknown[] = [];
    const enrolling = { ...deps, timers: { scheduleOnce: async (timer: unknown) => void timers.push(timer) } };
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const changed = (detailType: string) => ({ detailType, detail: { contactId: contact.id } });

    expect(await enrollOnEvent(enrolling, changed('Contact Created'))).toEqual([]);
    await updateContact(deps, contact.id, { tags: [tag] }, anAdmin());
    expect(await enrollOnEvent(enrolling, changed('Contact Updated'))).toEqual([
      { campaignId: campaign.id, outcome: expect.objectContaining({ enrolled: true }) },
    ]);
    expect(await deps.enrollments.get(enrollmentId(campaign.id, contact.id))).toMatchObject({
      status: 'active',
      run: 1,
    });
    expect(await enrollOnEvent(enrolling, changed('Lead Scored'))).toEqual([
      { campaignId: campaign.id, outcome: { enrolled: false, reason: 'already-enrolled' } },
    ]);
    expect(timers).toHaveLength(1);
  });
});
