import type { ContactRepository } from '../contacts/contact.repository.ts';
import { normaliseEmail } from '../contacts/email.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { NotFound } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { EngagementRepository } from './engagement.repository.ts';
import type { TrackEngagementRequest } from './engagement.schema.ts';

export interface EngagementDeps {
  contacts: ContactRepository;
  engagements: EngagementRepository;
  context: AppContext;
}

/**
 * Records what a contact did and publishes Engagement Tracked in the same transaction; the
 * lead-lifecycle workflow rescores on that event. A repeated engagementId rewrites the same record.
 */
export async function trackEngagement(deps: EngagementDeps, request: TrackEngagementRequest) {
  const contactId =
    request.contactId ?? (request.email ? await deps.contacts.findIdByEmail(normaliseEmail(request.email)) : undefined);
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  if (!contact) throw new NotFound(request.email ? 'No contact has that email.' : `No contact ${request.contactId}`);
  const id = request.engagementId ?? deps.context.newId();
  const occurredAt = request.occurredAt ? new Date(request.occurredAt).toISOString() : isoNow(deps.context);
  const engagement = {
    id,
    contactId: contact.id,
    kind: request.kind,
    occurredAt,
    name: request.name,
    ...(request.url ? { url: request.url } : {}),
  };
  const event = domainEvent(
    'Engagement Tracked',
    { contactId: contact.id, engagementId: id, kind: request.kind, name: request.name },
    { id: `engagement-${contact.id}-${id}`, occurredAt: isoNow(deps.context) },
  );
  await deps.contacts.write([deps.engagements.recordItem(engagement), deps.contacts.outboxItem(event)]);
  return { engagementId: id, contactId: contact.id, status: 'tracked' as const };
}
