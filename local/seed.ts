import type { ContactDeps } from '#shared/contacts/contact.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { Conflict } from '#shared/errors.ts';

/** Owner ids the demo contacts are assigned to (owners become entities of their own with the CRM core). */
export const demoOwners = { ada: '01JDEM00WNER00000000000ADA', grace: '01JDEM00WNER000000000GRACE' } as const;

const demoContacts: CreateContactRequest[] = [
  { email: 'maria.schmidt@example.de', firstName: 'Maria', lastName: 'Schmidt', jobTitle: 'Head of Marketing', companyName: 'Nordlicht GmbH', country: 'DE', timeZone: 'Europe/Berlin', lifecycleStage: 'mql', ownerId: demoOwners.ada, tags: ['webinar-2026'], customFields: { plan: 'enterprise', seats: 250 } },
  { email: 'james.okafor@example.com', firstName: 'James', lastName: 'Okafor', jobTitle: 'CTO', companyName: 'Brightpath', country: 'US', timeZone: 'America/New_York', lifecycleStage: 'sql', ownerId: demoOwners.grace, tags: [], customFields: { plan: 'growth' } },
  { email: 'sofia.rossi@example.it', firstName: 'Sofia', lastName: 'Rossi', jobTitle: 'Operations Manager', companyName: 'Verde Logistica', country: 'IT', timeZone: 'Europe/Rome', lifecycleStage: 'lead', tags: ['trade-show'], customFields: {} },
  { email: 'li.wei@example.cn', firstName: 'Wei', lastName: 'Li', jobTitle: 'Procurement Lead', companyName: 'Harbor Freight Systems', country: 'SG', timeZone: 'Asia/Singapore', lifecycleStage: 'opportunity', ownerId: demoOwners.ada, tags: [], customFields: { budget: 50000 } },
  { email: 'amelie.dubois@example.fr', firstName: 'Amélie', lastName: 'Dubois', lifecycleStage: 'subscriber', country: 'FR', timeZone: 'Europe/Paris', tags: ['newsletter'], customFields: {} },
  { email: 'noah.williams@example.co.uk', firstName: 'Noah', lastName: 'Williams', jobTitle: 'Founder', companyName: 'Tidewater Studio', country: 'GB', timeZone: 'Europe/London', lifecycleStage: 'customer', ownerId: demoOwners.grace, tags: ['reference'], customFields: { plan: 'starter', renewal: '2027-03-01' } },
];

/** Loads a small demo dataset through the same domain functions the API uses; re-running it adds nothing. */
export async function seedDemo(deps: ContactDeps): Promise<{ created: number; existing: number }> {
  let created = 0;
  let existing = 0;
  for (const contact of demoContacts) {
    try {
      await createContact(deps, contact);
      created++;
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      existing++;
    }
  }
  return { created, existing };
}
