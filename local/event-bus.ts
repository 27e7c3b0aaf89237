import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DomainEvent } from '#shared/events/catalog.ts';
import type { EventPublisher } from '#shared/events/relay.ts';
import type { EventPattern } from '#workflows/workflow.ts';
import { matchesPattern } from './event-pattern.ts';
import { eventBridgeRetries, lambdaAsyncRetries, withAsyncRetries, type RetryPolicy } from './async-retries.ts';
import { Delivery } from './delivery.ts';

const isPauses = (options: object): options is readonly number[] => Array.isArray(options);

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
  /**
   * What the target is, for how a failure is retried: a Lambda (invoked asynchronously: Lambda retries
   * it twice, about 1 and 2 minutes later) or a workflow start (EventBridge's retry policy). Default lambda.
   */
  kind?: 'lambda' | 'workflow';
}

/** The largest PutEvents entry EventBridge takes (Time + Source + DetailType + Detail, in UTF-8 bytes). */
export const maxEventEntryBytes = 256 * 1024;

/** PutEvents' answer to an entry over 256 KB, by the same name. */
export class EventTooLarge extends Error {
  override name = 'ValidationException';
}

/** The size EventBridge counts for a PutEvents entry (docs: "Calculating PutEvents event entry size"). */
export function putEventsEntryBytes(entry: { source: string; detailType: string; detail: unknown }): number {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  return 14 + bytes(entry.source) + bytes(entry.detailType) + bytes(JSON.stringify(entry.detail));
}

export interface LocalEventBusOptions {
  /** How retries pause (default: as AWS, by the rule's kind, divided by `timeScale`); fixed pauses for tests. */
  retryPauses?: readonly number[];
  timeScale?: number;
  /** At least once and out of order (the test mode), or exactly once (npm start's default). */
  delivery?: Delivery;
  /** How many recent events GET /_local/events can answer with (default 5,000; the journal keeps all). */
  keptInMemory?: number;
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
  /** Events published but no longer held in `recent` (the oldest, past `keptInMemory`). */
  private dropped = 0;
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly rules: LocalRule[] = [];
  private readonly parked: DeadLetter[] = [];
  private readonly deliveries = new Set<Promise<void>>();

  private readonly delivery: Delivery;

  private readonly options: LocalEventBusOptions;

  /** `options` as an array: fixed retry pauses (tests). */
  constructor(
    private readonly journalPath?: string,
    options: LocalEventBusOptions | readonly number[] = {},
  ) {
    if (journalPath) mkdirSync(dirname(journalPath), { recursive: true });
    this.options = isPauses(options) ? { retryPauses: options } : options;
    this.delivery = this.options.delivery ?? Delivery.fromEnvironment();
  }

  private get kept(): number {
    return this.options.keptInMemory ?? keptInMemory;
  }

  addRule(rule: LocalRule): void {
    this.rules.push(rule);
  }

  /** PutEvents: rejects the whole call if an entry is over 256 KB (nothing is published), as EventBridge does. */
  async publish(events: DomainEvent[]): Promise<void> {
    for (const domainEvent of events) {
      const size = putEventsEntryBytes(domainEvent);
      if (size > maxEventEntryBytes)
        throw new EventTooLarge(
          `${domainEvent.detailType} ${String(domainEvent.detail.id)} is ${size} bytes; a PutEvents entry is at most ${maxEventEntryBytes}.`,
        );
    }
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
      if (this.recent.length > this.kept) {
        this.recent.shift();
        this.dropped++;
      }
      for (const listener of this.listeners) listener(event);
      for (const rule of this.rules) {
        if (!matchesPattern(event as unknown as Record<string, unknown>, rule.pattern)) continue;
        // At least once: in the test mode some events reach a target twice, and late, so they overtake others.
        for (let copy = this.delivery.copies('events'); copy > 0; copy--) {
          const delivery = this.deliver(rule, event).finally(() => this.deliveries.delete(delivery));
          this.deliveries.add(delivery);
        }
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
    const delayMs = this.delivery.delayMs();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let attempts = 0;
    try {
      await withAsyncRetries(async () => {
        attempts++;
        await rule.target(event);
      }, this.retryPolicy(rule));
    } catch (error) {
      this.parked.push({ rule: rule.name, event, attempts, error: String(error), at: new Date().toISOString() });
      console.error(
        `[events] rule ${rule.name} failed ${attempts} times for ${event['detail-type']}; parked in /_local/dead-letters:`,
        error,
      );
    }
  }

  private retryPolicy(rule: LocalRule): RetryPolicy | readonly number[] {
    if (this.options.retryPauses) return this.options.retryPauses;
    const timeScale = this.options.timeScale ?? 1;
    return rule.kind === 'workflow'
      ? eventBridgeRetries(timeScale, this.delivery.random)
      : lambdaAsyncRetries(timeScale, this.delivery.random);
  }

  /**
   * What `events()` answers from: how many events it holds, how many older ones it no longer holds, and
   * where the journal keeps every one of them.
   */
  retention(): { kept: number; dropped: number; journal?: string } {
    return {
      kept: this.recent.length,
      dropped: this.dropped,
      ...(this.journalPath ? { journal: this.journalPath } : {}),
    };
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
