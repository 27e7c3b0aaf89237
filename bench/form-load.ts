import autocannon from 'autocannon';
import { demoScoringModel } from '../local/demo-lead-settings.ts';

export interface FormLoadOptions {
  seconds: number;
  connections: number;
  /** Every n-th request repeats an earlier submission byte for byte, as a browser retry or double click would. */
  duplicateEvery: number;
  /**
   * Every n-th request (halfway between the exact duplicates) reuses the email of a recent lead with
   * other fields, as a person submitting again a moment later does: near-duplicate bursts on one contact.
   */
  nearDuplicateEvery: number;
}

export interface FormLoadFigures extends FormLoadOptions {
  requests: number;
  /** Answered requests that repeated an earlier submission byte for byte. */
  duplicates: number;
  /** Submissions sent that reused an earlier lead's email with other fields. */
  nearDuplicates: number;
  distinctLeads: number;
  /** Distinct emails among the accepted leads. */
  people: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  status: Record<string, number>;
  serverErrors: number;
  /** Socket errors and timeouts: requests whose answer never came. */
  unanswered: number;
  /** Leads answered 202 with no contact holding the email, or no Lead Received event. */
  lost: number;
  /** A lead that produced a second submission, contact or Lead Received event. */
  doubled: number;
  /** Emails whose leads landed in more than one contact. */
  splitContacts: number;
  /** lead-lifecycle executions of these leads that failed (or never started, or had not ended after two minutes). */
  failedExecutions: number;
  /** What the run added to `/_local/dead-letters` (failed deliveries, timers and executions). */
  deadLetters: number;
  /** Contacts whose stored score counts another number of form submissions than the leads they received. */
  unscoredEngagements: number;
}

interface Answer {
  status: number;
  submissionId?: string;
}

interface LeadReceived {
  detail: { submissionId: string; contactId: string };
}

interface StoredContact {
  email: string;
  leadScore?: { explanation: { ruleId: string; occurrences?: number }[] };
}

interface Execution {
  workflow: string;
  status: string;
  input?: { detail?: { submissionId?: string } };
}

/** How far back a near-duplicate reaches: recent leads, so it lands while the first is still being scored. */
const nearDuplicateWindow = 32;

/**
 * The bounded load test on the public form endpoint of a running local stack (loopback only): a form
 * with its rate limit lifted, fresh leads with a share of exact duplicates and a share of
 * near-duplicates (a recent lead's email with other fields). Then it checks that every lead answered
 * 202 became one Lead Received event and none twice, one contact per email, every lead-lifecycle
 * execution succeeded with nothing dead-lettered, and each contact's stored score counts every form
 * submission of its email.
 */
export async function runFormLoad(apiUrl: string, options: FormLoadOptions): Promise<FormLoadFigures> {
  const formRule = await formSubmittedRule(apiUrl);
  const formId = await createLoadForm(apiUrl);
  const deadLettersBefore = await deadLetterCount(apiUrl);
  const run = Date.now().toString(36);
  const sentBodies: string[] = [];
  const freshEmails: string[] = [];
  const answers = new Map<string, Answer[]>();
  let sent = 0;
  let nearDuplicates = 0;
  const nearOffset = Math.floor(options.nearDuplicateEvery / 2);
  const nextBody = (): string => {
    sent += 1;
    if (sent % options.duplicateEvery === 0 && sentBodies.length > 0)
      return sentBodies[(sent * 7919) % sentBodies.length] as string;
    let body: string;
    if (sent % options.nearDuplicateEvery === nearOffset && freshEmails.length > 0) {
      const recent = freshEmails.slice(-nearDuplicateWindow);
      const email = recent[(sent * 7919) % recent.length] as string;
      // Other fields than the first submission: another name, and a title that may qualify the lead.
      body = JSON.stringify({ email, name: `Again ${sent}`, role: sent % 3 === 0 ? 'Head of Sales' : 'Analyst' });
      nearDuplicates += 1;
    } else {
      const email = `load-${run}-${sent}@example.com`;
      freshEmails.push(email);
      body = JSON.stringify({ email, name: `Load ${sent}` });
    }
    sentBodies.push(body);
    return body;
  };
  const result = await autocannon<{ body?: string }>({
    url: apiUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: `/forms/${formId}/submissions`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const body = nextBody();
          context.body = body;
          return { ...request, body };
        },
        onResponse: (status, body, context) => {
          const submissionId = status === 202 ? (JSON.parse(body) as { submissionId: string }).submissionId : undefined;
          const key = context.body ?? '';
          answers.set(key, [...(answers.get(key) ?? []), { status, ...(submissionId ? { submissionId } : {}) }]);
        },
      },
    ],
  });
  const accepted = [...answers].filter(([, list]) => list.some((answer) => answer.status === 202));
  const submissionIds = new Set(accepted.flatMap(([, list]) => list.flatMap((answer) => answer.submissionId ?? [])));
  const events = await leadReceivedEvents(apiUrl, submissionIds);
  const eventsBySubmission = new Map<string, LeadReceived[]>();
  for (const event of events)
    eventsBySubmission.set(event.detail.submissionId, [
      ...(eventsBySubmission.get(event.detail.submissionId) ?? []),
      event,
    ]);
  // Requests still in flight when the run ended were answered to nobody, but some were saved: wait for
  // every lead of these contacts (answered or not) and its lifecycle, and score against all of them.
  const contactIds = new Set(events.map((event) => event.detail.contactId));
  const lifecycle = await settledLifecycle(apiUrl, contactIds);
  // A delivery that keeps failing is retried (1 s, then 2 s) before it is parked: let the last ones settle.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  const deadLetters = (await deadLetterCount(apiUrl)) - deadLettersBefore;
  const stored = await contactsOf(apiUrl, [...contactIds]);

  let lost = 0;
  let doubled = 0;
  const byEmail = new Map<string, { contactIds: Set<string> }>();
  for (const [body, list] of accepted) {
    const ids = new Set(list.flatMap((answer) => answer.submissionId ?? []));
    if (ids.size > 1) doubled += 1;
    const leadEvents = [...ids].flatMap((id) => eventsBySubmission.get(id) ?? []);
    if (leadEvents.length > 1) doubled += 1;
    const email = (JSON.parse(body) as { email: string }).email;
    if (leadEvents.length === 0 || !leadEvents.every((event) => stored.get(event.detail.contactId)?.email === email))
      lost += 1;
    const person = byEmail.get(email) ?? { contactIds: new Set<string>() };
    for (const event of leadEvents) person.contactIds.add(event.detail.contactId);
    byEmail.set(email, person);
  }
  let splitContacts = 0;
  for (const person of byEmail.values()) if (person.contactIds.size > 1) splitContacts += 1;
  let unscoredEngagements = 0;
  for (const contactId of contactIds) {
    const counted = stored.get(contactId)?.leadScore?.explanation.find((line) => line.ruleId === formRule);
    if ((counted?.occurrences ?? 0) !== (lifecycle.submissionsOf.get(contactId) ?? 0)) unscoredEngagements += 1;
  }
  const status: Record<string, number> = {};
  for (const list of answers.values())
    for (const answer of list) status[answer.status] = (status[answer.status] ?? 0) + 1;
  return {
    ...options,
    requests: result.requests.total,
    duplicates: [...answers.values()].reduce((sum, list) => sum + list.length, 0) - answers.size,
    nearDuplicates,
    distinctLeads: accepted.length,
    people: byEmail.size,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    status,
    serverErrors: result['5xx'],
    unanswered: result.errors + result.timeouts,
    lost,
    doubled,
    splitContacts,
    failedExecutions: lifecycle.failed,
    deadLetters,
    unscoredEngagements,
  };
}

/** True when the figures show nothing lost, doubled, split, failed, parked or left out of a score. */
export function formLoadPassed(figures: FormLoadFigures): boolean {
  const problems = [
    figures.serverErrors,
    figures.unanswered,
    figures.lost,
    figures.doubled,
    figures.splitContacts,
    figures.failedExecutions,
    figures.deadLetters,
    figures.unscoredEngagements,
  ];
  return problems.every((count) => count === 0);
}

/**
 * The id of the scoring model's rule that counts every form submission (no name, URL or source
 * filter). A stack without a model gets the demo's, as `npm start -- --seed` would load it.
 */
async function formSubmittedRule(apiUrl: string): Promise<string> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as { marketing: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens.marketing}` };
  let response = await fetch(`${apiUrl}/scoring-model`, { headers });
  if (response.status === 404)
    response = await fetch(`${apiUrl}/scoring-model`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(demoScoringModel),
    });
  if (!response.ok) throw new Error(`Reading the scoring model answered ${response.status}: ${await response.text()}`);
  const model = (await response.json()) as {
    behaviourRules: { id: string; on: string; match?: Record<string, unknown> }[];
  };
  const rule = model.behaviourRules.find(
    (candidate) => candidate.on === 'form_submitted' && Object.keys(candidate.match ?? {}).length === 0,
  );
  if (!rule)
    throw new Error('The scoring model has no rule counting every form submission, so scores cannot be checked.');
  return rule.id;
}

async function createLoadForm(apiUrl: string): Promise<string> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as { marketing: string };
  const response = await fetch(`${apiUrl}/forms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.marketing}` },
    body: JSON.stringify({
      name: `Load test ${new Date().toISOString()}`,
      fieldMapping: { email: 'email', name: 'firstName', role: 'jobTitle' },
      minFillSeconds: 0,
      rateLimit: { requests: 1_000_000, windowSeconds: 60 },
    }),
  });
  if (response.status !== 201)
    throw new Error(`Creating the load-test form answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function deadLetterCount(apiUrl: string): Promise<number> {
  return ((await (await fetch(`${apiUrl}/_local/dead-letters`)).json()) as { count: number }).count;
}

/** The Lead Received events of these submissions, once the outbox relay has published them all (or after two minutes). */
async function leadReceivedEvents(apiUrl: string, submissionIds: Set<string>): Promise<LeadReceived[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { events } = (await (await fetch(`${apiUrl}/_local/events?detailType=Lead%20Received`)).json()) as {
      events: LeadReceived[];
    };
    const ours = events.filter((event) => submissionIds.has(event.detail.submissionId));
    if (new Set(ours.map((event) => event.detail.submissionId)).size >= submissionIds.size || Date.now() > deadline)
      return ours;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Once these contacts' leads have all been published and their lead-lifecycle executions have ended
 * (no new lead for a second, none running; at most two minutes): how many leads each contact had,
 * and how many executions did not succeed (or never started).
 */
async function settledLifecycle(apiUrl: string, contactIds: Set<string>) {
  const deadline = Date.now() + 120_000;
  let seen = -1;
  for (;;) {
    const { events } = (await (await fetch(`${apiUrl}/_local/events?detailType=Lead%20Received`)).json()) as {
      events: LeadReceived[];
    };
    const leads = new Map(
      events.filter((event) => contactIds.has(event.detail.contactId)).map((e) => [e.detail.submissionId, e]),
    );
    const { executions } = (await (await fetch(`${apiUrl}/_local/executions`)).json()) as { executions: Execution[] };
    const ours = executions.filter(
      (execution) => execution.workflow === 'lead-lifecycle' && leads.has(execution.input?.detail?.submissionId ?? ''),
    );
    const started = new Set(ours.map((execution) => execution.input?.detail?.submissionId));
    const settled = started.size >= leads.size && ours.every((execution) => execution.status !== 'RUNNING');
    if ((settled && leads.size === seen) || Date.now() > deadline) {
      const submissionsOf = new Map<string, number>();
      for (const lead of leads.values())
        submissionsOf.set(lead.detail.contactId, (submissionsOf.get(lead.detail.contactId) ?? 0) + 1);
      const failed = ours.filter((execution) => execution.status !== 'SUCCEEDED').length + leads.size - started.size;
      return { submissionsOf, failed };
    }
    seen = settled ? leads.size : -1;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Each contact as stored (email, score), read back through the API (8 reads at a time). */
async function contactsOf(apiUrl: string, contactIds: string[]): Promise<Map<string, StoredContact>> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as { admin: string };
  const contacts = new Map<string, StoredContact>();
  let next = 0;
  const reader = async () => {
    while (next < contactIds.length) {
      const id = contactIds[next++] as string;
      const response = await fetch(`${apiUrl}/contacts/${id}`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      if (response.ok) contacts.set(id, (await response.json()) as StoredContact);
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  return contacts;
}
