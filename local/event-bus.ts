import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DomainEvent } from '#shared/events/catalog.ts';
import type { EventPublisher } from '#shared/events/relay.ts';
import type { EventPattern } from '#workflows/workflow.ts';
import { matchesPattern } from './event-pattern.ts';
import { asyncRetryDelaysMs, withAsyncRetries } from './async-retries.ts';

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface LocalRule {
  name: string;
  pattern: EventPattern;
  target: (event: BusEvent) => unknown;
}

/** An event a rule's target kept failing on, parked as the AsyncFailures queue holds it in AWS. */
export interface DeadLetter {
  rule: string;
  event: BusEvent;
  attempts: number;
  error: string;
  at: string;
}

const keptInMemory = 5000;

/**
 * The local stand-in for the EventBridge bus: appends every event to a JSONL journal (tail it),
 * keeps the recent ones for GET /_local/events, and delivers matching events to rules' targets.
 */
export class LocalEventBus implements EventPublisher {
  private readonly recent: BusEvent[] = [];
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly rules: LocalRule[] = [];
  private readonly parked: DeadLetter[] = [];
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly journalPath?: string,
    private readonly retryDelaysMs: readonly number[] = asyncRetryDelaysMs,
  ) {
    if (journalPath) mkdirSync(dirname(journalPath), { recursive: true });
  }

  addRule(rule: LocalRule): void {
    this.rules.push(rule);
  }

  async publish(events: DomainEvent[]): Promise<void> {
    for (const domainEvent of events) {
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': domainEvent.detailType,
        source: domainEvent.source,
        account: '000000000000',
        time: domainEvent.detail.occurredAt,
        region: 'local',
        resources: [],
        detail: domainEvent.detail as Record<string, unknown>,
      };
      if (this.journalPath) appendFileSync(this.journalPath, `${JSON.stringify(event)}\n`);
      this.recent.push(event);
      if (this.recent.length > keptInMemory) this.recent.shift();
      for (const listener of this.listeners) listener(event);
      for (const rule of this.rules) {
        if (!matchesPattern(event as unknown as Record<string, unknown>, rule.pattern)) continue;
        const delivery = this.deliver(rule, event).finally(() => this.deliveries.delete(delivery));
        this.deliveries.add(delivery);
      }
    }
  }

  /** Events whose target failed every attempt (oldest first): the local AsyncFailures queue. */
  deadLetters(): DeadLetter[] {
    return [...this.parked];
  }

  /** Resolves once every delivery started so far has succeeded or been parked. */
  async settled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all(this.deliveries);
  }

  /** Calls the target asynchronously, retrying as Lambda does an asynchronous invocation, then parks the event. */
  private async deliver(rule: LocalRule, event: BusEvent): Promise<void> {
    await Promise.resolve(); // targets run after publish returns, as EventBridge invokes them asynchronously
    let attempts = 0;
    try {
      await withAsyncRetries(async () => {
        attempts++;
        await rule.target(event);
      }, this.retryDelaysMs);
    } catch (error) {
      this.parked.push({ rule: rule.name, event, attempts, error: String(error), at: new Date().toISOString() });
      console.error(
        `[events] rule ${rule.name} failed ${attempts} times for ${event['detail-type']}; parked in /_local/dead-letters:`,
        error,
      );
    }
  }

  /** Events published since this process started (the newest `keptInMemory`), oldest first. */
  events(filter: { detailType?: string; since?: string } = {}): BusEvent[] {
    return this.recent.filter(
      (event) =>
        (!filter.detailType || event['detail-type'] === filter.detailType) &&
        (!filter.since || event.time > filter.since),
    );
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
