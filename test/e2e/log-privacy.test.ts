import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
// Every handler logs at DEBUG, the most it ever logs.
beforeAll(async () => {
  stack = await startLocalStack(['--seed', '--time-scale', '86400'], { POWERTOOLS_LOG_LEVEL: 'DEBUG' });
}, 60_000);
afterAll(async () => void (await stack?.stop()));

describe('logs', () => {
  it('carry no email address, phone number, name or IP address of the people Relay holds, at DEBUG, across intake, lifecycle, surveys and errors', async () => {
    const person = { email: 'private.person@secret-domain.example', firstName: 'Zebulon', phone: '+44 20 7946 0958' };
    const created = await stack.api('POST', '/contacts', {
      ...person,
      lastName: 'Quixote',
      ownerId: '01JDEM00WNER000000000GRACE',
    });
    expect(created.status).toBe(201);
    // A form lead, a refused duplicate, a validation error and a webhook with a bad signature.
    const forms = await stack.api('GET', '/forms');
    const formId = forms.json.items[0].id as string;
    await fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ email: 'form.lead@secret-domain.example', name: 'Yolanda' }),
    });
    await stack.api('POST', '/contacts', { email: person.email });
    await stack.api('POST', '/contacts', { email: 'not-an-email', phone: person.phone });
    await fetch(`${stack.apiUrl}/webhooks/leads?source=demo-partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'hook.lead@secret-domain.example' }),
    });
    // A survey to the person, answered.
    await stack.api('POST', '/surveys', {
      name: 'NPS',
      kind: 'nps',
      question: 'Recommend us?',
      reviewUrl: 'https://reviews.example/r',
    });
    const requested = await stack.api(
      'POST',
      `/surveys/${(await stack.api('GET', '/surveys')).json.items[0].id}/requests`,
      { contactId: created.json.id },
    );
    expect(requested.status).toBe(202);
    const mail = await eventually(
      async () =>
        (
          (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
            emails: { destination: { to: string[] }; body: { text: string } }[];
          }
        ).emails.find((email) => email.destination.to[0] === person.email),
      Boolean,
      15_000,
    );
    await fetch(/^2: (\S+)$/m.exec(mail?.body.text ?? '')?.[1] ?? '');
    await eventually(
      async () => (await stack.api('GET', '/_local/events?detailType=Survey%20Response%20Received')).json.events.length,
      (count) => count > 0,
      15_000,
    );

    const logs = stack.output();
    expect(logs).toContain('"level":"INFO"'); // handlers did log
    for (const secret of [
      person.email,
      'form.lead@secret-domain.example',
      'hook.lead@secret-domain.example',
      'secret-domain.example',
      'Zebulon',
      'Quixote',
      'Yolanda',
      '7946',
      '203.0.113.77',
    ]) {
      expect(logs.includes(secret), `the logs contain ${secret}`).toBe(false);
    }
  }, 60_000);
});
