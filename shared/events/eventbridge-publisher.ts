import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from './catalog.ts';
import type { EventPublisher } from './relay.ts';

const maxEntriesPerCall = 10;
const partialFailureRetryDelaysMs = [50, 200, 800];

/**
 * Publishes to an EventBridge bus. PutEvents can accept some entries and reject others
 * (FailedEntryCount > 0); only the rejected ones are retried, and if they still fail we throw,
 * so the caller does not mark them relayed.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly eventBusName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += maxEntriesPerCall) {
      await this.publishBatch(events.slice(start, start + maxEntriesPerCall).map((event) => this.toEntry(event)));
    }
  }

  private async publishBatch(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 0; ; attempt++) {
      const { FailedEntryCount = 0, Entries = [] } = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (FailedEntryCount === 0) return;
      pending = pending.filter((_, index) => Entries[index]?.ErrorCode !== undefined);
      const delay = partialFailureRetryDelaysMs[attempt];
      if (delay === undefined) {
        const codes = [...new Set(Entries.map((entry) => entry.ErrorCode).filter(Boolean))].join(', ');
        throw new Error(`EventBridge rejected ${pending.length} event(s) after retries: ${codes}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private toEntry(event: DomainEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.eventBusName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.occurredAt),
    };
  }
}
