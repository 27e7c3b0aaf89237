import { beforeAll, describe, expect, it } from 'vitest';
import type { Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest, type Form } from '#shared/forms/form.schema.ts';
import { submitForm, type FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { leadLifecycleWorkflow } from '#workflows/lead-lifecycle.ts';
import { LocalStepFunctions } from '../../local/step-functions.ts';
import { aScoringModel } from '../support/lead-lifecycle-fixtures.ts';
import { formTokenIssued, leadDeps } from '../support/lead-deps.ts';
import { createTestTable } from '../support/test-table.ts';

const workflow = leadLifecycleWorkflow();
let deps: FormSubmissionDeps & Dependencies;
let runner: LocalStepFunctions;
let form: Form;

/** The Lead Received events of these contacts, as EventBridge hands them to the workflow. */
async function leadReceivedOf(contactIds: Set<string>) {
  const pending: DomainEvent[] = await deps.outbox.listPending(1000);
  return pending
    .filter(
      (event) =>
        event.detailType === 'Lead Received' &&
        contactIds.has(String((event.detail as { contactId?: string }).contactId)),
    )
    .map((event) => ({
      version: '0',
      id: `eb-${event.detail.id}`,
      'detail-type': event.detailType,
      source: 'relay.leads',
      detail: event.detail,
    }));
}

/** The form rule's occurrences in the contact's stored score: one per form engagement counted. */
async function formsCounted(contactId: string) {
  const contact = await deps.contacts.get(contactId);
  return contact?.leadScore?.explanation.find((line) => line.ruleId === 'form')?.occurrences ?? 0;
}

beforeAll(async () => {
  const table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = leadDeps(table) as FormSubmissionDeps & Dependencies;
  runner = new LocalStepFunctions([workflow], 1000);
  await replaceSettings(deps.scoringModel, aScoringModel(), systemContext);
  form = await createForm(
    deps,
    CreateFormRequest.parse({
      name: 'Pricing',
      fieldMapping: { email: 'email', first_name: 'firstName', role: 'jobTitle', country: 'country' },
      minFillSeconds: 0,
      rateLimit: { requests: 1000, windowSeconds: 60 },
    }),
  );
});

describe('near-duplicate bursts through the lead lifecycle', () => {
  it('the same people submitting several times at once with different fields: no execution fails, every form engagement is scored', async () => {
    const people = Array.from({ length: 3 }, (_, i) => `burst-${i}-${Date.now()}@student.example`);
    const variants: Record<string, string>[] = [
      { first_name: 'Kim' },
      { role: 'Student' },
      { country: 'DE' },
      { first_name: 'Kimberly', role: 'Student of law' },
    ];
    const token = await formTokenIssued(form.id, 30);
    const submissions = people.flatMap((email) =>
      variants.map((fields) => ({ email, ...fields, _relay_token: token })),
    );
    const answers = await Promise.all(
      submissions.map((fields, i) => submitForm(deps, { formId: form.id, fields, ip: `10.9.0.${i}` })),
    );
    expect(answers.map((answer) => answer.response.status)).toEqual(submissions.map(() => 202));

    const contactIds = new Map<string, string>();
    for (const email of people) contactIds.set(email, (await deps.contacts.findIdByEmail(email)) as string);
    // Each lead's form engagement is stored with the lead, before any scoring runs.
    for (const contactId of contactIds.values())
      expect((await deps.engagements.recent(contactId)).filter((e) => e.kind === 'form_submitted')).toHaveLength(
        variants.length,
      );
    const events = await leadReceivedOf(new Set(contactIds.values()));
    expect(events).toHaveLength(submissions.length);

    // Every Lead Received starts its execution at once, as a burst reaches EventBridge.
    const executions = await Promise.all(
      events.map((event) => runner.whenDone(runner.start(workflow.name, event).executionArn)),
    );
    const failed = executions.filter((execution) => execution.status !== 'SUCCEEDED');
    expect(
      failed.map((execution) => `${execution.error}: ${execution.cause}`),
      'failed executions',
    ).toEqual([]);
    for (const contactId of contactIds.values()) expect(await formsCounted(contactId)).toBe(variants.length);
  }, 60_000);
});
