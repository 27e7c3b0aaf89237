import { startLocalRuntime } from '../local/runtime.ts';
import { round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface ThroughputFigure {
  concurrency: number;
  leads: number;
  /** Submissions answered per second over HTTP. */
  acceptedPerSecond: number;
  /** Leads per second until every Lead Received event was on the bus (intake + outbox relay). */
  endToEndPerSecond: number;
}

/**
 * Leads through the whole local pipeline (HTTP → form handler → DynamoDB transaction → outbox relay →
 * bus) at several concurrency levels, loopback only, each level a fixed number of leads.
 */
export async function measureThroughput(
  levels: number[],
  leadsPerLevel: number,
  store?: BenchStore,
): Promise<ThroughputFigure[]> {
  const runtime = await startLocalRuntime({ apiPort: 0, dynamoDbPort: 0, sesPort: 0, timeScale: 1, ...store });
  try {
    const create = await fetch(`${runtime.apiUrl}/forms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.devTokens.marketing}` },
      body: JSON.stringify({
        name: 'Throughput',
        fieldMapping: { email: 'email', name: 'firstName' },
        minFillSeconds: 0,
        rateLimit: { requests: 1_000_000, windowSeconds: 60 },
      }),
    });
    if (create.status !== 201)
      throw new Error(`Creating the bench form answered ${create.status}: ${await create.text()}`);
    const { id: formId } = (await create.json()) as { id: string };
    const figures: ThroughputFigure[] = [];
    for (const concurrency of levels) {
      const emails = Array.from({ length: leadsPerLevel }, (_, i) => `tp-${concurrency}-${i}@example.com`);
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        while (next < emails.length) {
          const email = emails[next++] as string;
          const response = await fetch(`${runtime.apiUrl}/forms/${formId}/submissions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, name: 'Bench' }),
          });
          if (response.status !== 202)
            throw new Error(`Submission answered ${response.status}: ${await response.text()}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const answered = performance.now();
      const deadline = answered + 60_000;
      while (performance.now() < deadline) {
        const received = runtime.bus.events({ detailType: 'Lead Received' }).length;
        if (received >= figures.reduce((sum, f) => sum + f.leads, 0) + leadsPerLevel) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const done = performance.now();
      figures.push({
        concurrency,
        leads: leadsPerLevel,
        acceptedPerSecond: round((leadsPerLevel / (answered - started)) * 1000, 1),
        endToEndPerSecond: round((leadsPerLevel / (done - started)) * 1000, 1),
      });
    }
    return figures;
  } finally {
    await runtime.stop();
  }
}
