import autocannon from 'autocannon';

export interface FormLoadOptions {
  seconds: number;
  connections: number;
  /** Every n-th request repeats an earlier submission byte for byte, as a browser retry or double click would. */
  duplicateEvery: number;
}

export interface FormLoadFigures extends FormLoadOptions {
  requests: number;
  /** Answered requests that repeated an earlier submission byte for byte. */
  duplicates: number;
  distinctLeads: number;
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
}

interface Answer {
  status: number;
  submissionId?: string;
}

interface LeadReceived {
  detail: { submissionId: string; contactId: string };
}

/**
 * The bounded load test on the public form endpoint of a running local stack (loopback only): a form
 * with its rate limit lifted, fresh leads with a share of exact duplicates, then a check that every
 * lead answered 202 became exactly one contact and one Lead Received event, and none twice.
 */
export async function runFormLoad(apiUrl: string, options: FormLoadOptions): Promise<FormLoadFigures> {
  const formId = await createLoadForm(apiUrl);
  const run = Date.now().toString(36);
  const sentBodies: string[] = [];
  const answers = new Map<string, Answer[]>();
  let sent = 0;
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
          sent += 1;
          const repeat = sent % options.duplicateEvery === 0 && sentBodies.length > 0;
          const body = repeat
            ? (sentBodies[(sent * 7919) % sentBodies.length] as string)
            : JSON.stringify({ email: `load-${run}-${sent}@example.com`, name: `Load ${sent}` });
          if (!repeat) sentBodies.push(body);
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
  const contactIds = new Set(events.map((event) => event.detail.contactId));
  const storedEmails = await emailsOf(apiUrl, [...contactIds]);

  let lost = 0;
  let doubled = 0;
  for (const [body, list] of accepted) {
    const ids = new Set(list.flatMap((answer) => answer.submissionId ?? []));
    if (ids.size > 1) doubled += 1;
    const leadEvents = [...ids].flatMap((id) => eventsBySubmission.get(id) ?? []);
    if (leadEvents.length > 1) doubled += 1;
    const email = (JSON.parse(body) as { email: string }).email;
    if (leadEvents.length === 0 || !leadEvents.every((event) => storedEmails.get(event.detail.contactId) === email))
      lost += 1;
  }
  const status: Record<string, number> = {};
  for (const list of answers.values())
    for (const answer of list) status[answer.status] = (status[answer.status] ?? 0) + 1;
  return {
    ...options,
    requests: result.requests.total,
    duplicates: [...answers.values()].reduce((sum, list) => sum + list.length, 0) - answers.size,
    distinctLeads: accepted.length,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    status,
    serverErrors: result['5xx'],
    unanswered: result.errors + result.timeouts,
    lost,
    doubled,
  };
}

async function createLoadForm(apiUrl: string): Promise<string> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as { marketing: string };
  const response = await fetch(`${apiUrl}/forms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.marketing}` },
    body: JSON.stringify({
      name: `Load test ${new Date().toISOString()}`,
      fieldMapping: { email: 'email', name: 'firstName' },
      minFillSeconds: 0,
      rateLimit: { requests: 1_000_000, windowSeconds: 60 },
    }),
  });
  if (response.status !== 201)
    throw new Error(`Creating the load-test form answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
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

/** Each contact's stored email, read back through the API (8 reads at a time). */
async function emailsOf(apiUrl: string, contactIds: string[]): Promise<Map<string, string>> {
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as { admin: string };
  const emails = new Map<string, string>();
  let next = 0;
  const reader = async () => {
    while (next < contactIds.length) {
      const id = contactIds[next++] as string;
      const response = await fetch(`${apiUrl}/contacts/${id}`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      if (response.ok) emails.set(id, ((await response.json()) as { email: string }).email);
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  return emails;
}
