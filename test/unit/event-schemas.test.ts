import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainEvent } from '#shared/events/catalog.ts';
import { eventsDirectory, renderEventSchemas } from '../../cli/write-event-schemas.ts';
import { publishedSchemaErrors } from '../support/event-validator.ts';

describe('published event schemas (docs/events/)', () => {
  it('are exactly what the catalog generates: run `npm run events` after changing an event', () => {
    const expected = renderEventSchemas();
    expect(readdirSync(eventsDirectory).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected))
      expect(readFileSync(join(eventsDirectory, name), 'utf8'), name).toBe(content);
  });

  it('validate a whole event as EventBridge delivers it, envelope and all', () => {
    const event = domainEvent(
      'Contact Created',
      { contactId: '01JDCONTACT0000000000000000', lifecycleStage: 'lead' },
      { id: 'e2', occurredAt: '2026-11-23T10:00:00.000Z' },
    );
    const delivered = {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': event.detailType,
      source: event.source,
      account: '111122223333',
      time: '2026-11-23T10:00:01Z',
      region: 'eu-west-1',
      resources: [],
      detail: event.detail,
    };
    expect(publishedSchemaErrors(delivered)).toEqual([]);
    expect(publishedSchemaErrors({ ...delivered, version: '1' })).not.toEqual([]);
    expect(publishedSchemaErrors({ ...delivered, unknownEnvelopeField: true })).not.toEqual([]);
  });

  it('accept an event Relay builds and refuse one that breaks its contract', () => {
    const event = domainEvent(
      'Survey Response Received',
      { surveyId: 's', sendId: 'x', contactId: 'c', kind: 'nps', score: 3, category: 'detractor', late: false },
      { id: 'e1', occurredAt: '2026-11-23T10:00:00.000Z' },
    );
    const asReceived = { source: event.source, 'detail-type': event.detailType, detail: event.detail };
    expect(publishedSchemaErrors(asReceived)).toEqual([]);
    expect(publishedSchemaErrors({ ...asReceived, detail: { ...event.detail, category: 'angry' } })).not.toEqual([]);
    expect(publishedSchemaErrors({ ...asReceived, detail: { ...event.detail, occurredAt: 'yesterday' } })).not.toEqual(
      [],
    );
    expect(publishedSchemaErrors({ ...asReceived, detail: { ...event.detail, surplus: 1 } })).not.toEqual([]);
    expect(publishedSchemaErrors({ ...asReceived, 'detail-type': 'Something Else' })).toEqual([
      'no published schema for "Something Else"',
    ]);
  });
});
