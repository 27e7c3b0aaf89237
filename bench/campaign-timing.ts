import { startLocalRuntime } from '../local/runtime.ts';
import { quantile, round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface CampaignFigure {
  contacts: number;
  concurrency: number;
  /** Contacts from form submission to their first campaign email sent, per second, over the whole batch. */
  enrolledToFirstEmailPerSecond: number;
  /** Lead Received → Email Sent (welcome), per contact. */
  receivedToFirstEmailP50Ms: number;
  receivedToFirstEmailP99Ms: number;
  /** States entered per campaign-step execution (an email step followed by setting the wait's timer). */
  stateTransitionsPerExecution: number;
  executionP50Ms: number;
}

/**
 * Contacts through a nurture form into a drip campaign on the local stack: form → Lead Received →
 * lead lifecycle (below MQL) → Campaign Enrollment Requested → enrollment → campaign-step workflow →
 * welcome email through the local SES, then the wait's timer.
 */
export async function measureCampaignEnrollment(
  contacts: number,
  concurrency: number,
  store?: BenchStore,
): Promise<CampaignFigure> {
  const runtime = await startLocalRuntime({ apiPort: 0, dynamoDbPort: 0, sesPort: 0, timeScale: 1, ...store });
  try {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.devTokens.marketing}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const campaign = await api('POST', '/campaigns', {
      name: 'Bench nurture',
      trigger: { type: 'manual' },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
      frequencyCap: { maxEmails: 10, perDays: 1 },
      steps: [
        {
          id: 'welcome',
          type: 'email',
          content: {
            subject: 'Welcome {{ contact.firstName | default: "there" }}',
            html: '<p>Welcome</p>',
            text: 'Welcome',
          },
        },
        { id: 'two-days', type: 'wait', duration: { days: 2 } },
        { id: 'follow-up', type: 'email', content: { subject: 'Following up', html: '<p>More</p>', text: 'More' } },
      ],
    });
    await api('POST', `/campaigns/${campaign.id}/publish`);
    const form = await api('POST', '/forms', {
      name: 'Bench nurture form',
      fieldMapping: { email: 'email' },
      minFillSeconds: 0,
      consent: { text: 'Tips by email', version: '1' },
      campaignId: campaign.id,
      rateLimit: { requests: 1_000_000, windowSeconds: 60 },
    });
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < contacts) {
        const i = next++;
        const response = await fetch(`${runtime.apiUrl}/forms/${form.id}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `drip-${i}@example.com` }),
        });
        if (response.status !== 202) throw new Error(`Submission answered ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const deadline = Date.now() + 180_000;
    while (runtime.bus.events({ detailType: 'Email Sent' }).length < contacts && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const done = performance.now();
    // An email's execution ends just after its Email Sent (it sets the wait's timer first): read them once ended.
    const running = () =>
      runtime.stepFunctions
        .list()
        .some((execution) => execution.workflow === 'campaign-step' && execution.status === 'RUNNING');
    while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const receivedAt = new Map(
      runtime.bus
        .events({ detailType: 'Lead Received' })
        .map((event) => [event.detail.contactId as string, Date.parse(event.detail.occurredAt as string)]),
    );
    const latencies = runtime.bus.events({ detailType: 'Email Sent' }).flatMap((event) => {
      const received = receivedAt.get(event.detail.contactId as string);
      return received === undefined ? [] : [Date.parse(event.detail.occurredAt as string) - received];
    });
    const executions = runtime.stepFunctions
      .list()
      .filter((execution) => execution.workflow === 'campaign-step' && execution.status === 'SUCCEEDED');
    const transitions = executions.map(
      (execution) => execution.history.filter((entry) => entry.type.endsWith('StateEntered')).length,
    );
    return {
      contacts,
      concurrency,
      enrolledToFirstEmailPerSecond: round((latencies.length / (done - started)) * 1000, 1),
      receivedToFirstEmailP50Ms: round(quantile(latencies, 0.5)),
      receivedToFirstEmailP99Ms: round(quantile(latencies, 0.99)),
      stateTransitionsPerExecution: round(
        transitions.reduce((sum, n) => sum + n, 0) / Math.max(1, transitions.length),
        2,
      ),
      executionP50Ms: round(
        quantile(
          executions.map(
            (execution) => Date.parse(execution.stoppedAt ?? execution.startedAt) - Date.parse(execution.startedAt),
          ),
          0.5,
        ),
      ),
    };
  } finally {
    await runtime.stop();
  }
}
