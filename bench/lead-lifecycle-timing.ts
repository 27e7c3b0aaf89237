import { startLocalRuntime } from '../local/runtime.ts';
import { quantile, round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface LeadLifecycleFigure {
  leads: number;
  concurrency: number;
  /** Lead Received (intake committed) → Lead Assigned (owner written), per lead. */
  receivedToAssignedP50Ms: number;
  receivedToAssignedP99Ms: number;
  /** States entered per lead-lifecycle execution (what Standard would bill as transitions). */
  stateTransitionsPerLead: number;
  /** Wall time of one execution on the local runner, p50 (Express bills duration in 100 ms steps). */
  executionP50Ms: number;
  leadsAssigned: number;
}

type Api = (method: string, path: string, body: unknown, token: string) => Promise<{ id?: string }>;

/**
 * Qualifying leads through the whole local pipeline (form → outbox relay → lead-lifecycle workflow
 * → scored, routed round-robin over four reps, owner emailed through the local SES), timing each
 * lead from Lead Received to Lead Assigned by the events' own timestamps.
 */
export async function measureLeadLifecycle(
  leads: number,
  concurrency: number,
  store?: BenchStore,
): Promise<LeadLifecycleFigure> {
  const runtime = await startLocalRuntime({ apiPort: 0, dynamoDbPort: 0, sesPort: 0, timeScale: 1, ...store });
  try {
    const api: Api = async (method, path, body, token) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id?: string };
    };
    const { admin, marketing } = runtime.devTokens;
    const team = await api('POST', '/teams', { name: 'Bench team' }, admin);
    for (let i = 0; i < 4; i++)
      await api('POST', '/owners', { name: `Bench rep ${i}`, email: `rep${i}@bench.example`, teamId: team.id }, admin);
    await api('PUT', '/routing-policy', { defaultTeamId: team.id }, admin);
    await api(
      'PUT',
      '/scoring-model',
      {
        fitRules: [
          {
            id: 'business',
            name: 'Business email',
            when: { field: 'emailDomainType', operator: 'equals', value: 'business' },
            points: 20,
          },
        ],
        behaviourRules: [{ id: 'form', name: 'Form', on: 'form_submitted', points: 40, maxPoints: 80 }],
        grades: { A: 20, B: 10, C: 0 },
        stages: { lead: 10, mql: 50, sql: 90 },
      },
      marketing,
    );
    const form = await api(
      'POST',
      '/forms',
      {
        name: 'Bench',
        fieldMapping: { email: 'email' },
        minFillSeconds: 0,
        rateLimit: { requests: 1_000_000, windowSeconds: 60 },
      },
      marketing,
    );

    let next = 0;
    const worker = async () => {
      while (next < leads) {
        const i = next++;
        const response = await fetch(`${runtime.apiUrl}/forms/${form.id}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `lead-${i}@company${i}.example` }),
        });
        if (response.status !== 202) throw new Error(`Submission answered ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const deadline = Date.now() + 120_000;
    while (runtime.bus.events({ detailType: 'Lead Assigned' }).length < leads && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const receivedAt = new Map(
      runtime.bus
        .events({ detailType: 'Lead Received' })
        .map((event) => [event.detail.contactId as string, Date.parse(event.detail.occurredAt as string)]),
    );
    const latencies = runtime.bus.events({ detailType: 'Lead Assigned' }).flatMap((event) => {
      const received = receivedAt.get(event.detail.contactId as string);
      return received === undefined ? [] : [Date.parse(event.detail.occurredAt as string) - received];
    });
    const executions = runtime.stepFunctions
      .list()
      .filter((execution) => execution.workflow === 'lead-lifecycle' && execution.status === 'SUCCEEDED');
    const transitions = executions.map(
      (execution) => execution.history.filter((entry) => entry.type.endsWith('StateEntered')).length,
    );
    const durations = executions.map(
      (execution) => Date.parse(execution.stoppedAt ?? execution.startedAt) - Date.parse(execution.startedAt),
    );
    return {
      leads,
      concurrency,
      receivedToAssignedP50Ms: round(quantile(latencies, 0.5)),
      receivedToAssignedP99Ms: round(quantile(latencies, 0.99)),
      stateTransitionsPerLead: round(transitions.reduce((sum, n) => sum + n, 0) / Math.max(1, transitions.length), 2),
      executionP50Ms: round(quantile(durations, 0.5)),
      leadsAssigned: latencies.length,
    };
  } finally {
    await runtime.stop();
  }
}
