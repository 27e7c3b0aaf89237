import type { Contact } from '../contacts/contact.schema.ts';
import type { Owner } from '../owners/owner.schema.ts';
import type { TemplateContext } from './templates.ts';

/** What a campaign email's template sees of a contact, its owner and the campaign. */
export function templateContextFor(
  contact: Contact,
  owner: Owner | undefined,
  campaign: { name: string },
  unsubscribeUrl: string,
): TemplateContext {
  return {
    contact: {
      firstName: contact.firstName ?? null,
      lastName: contact.lastName ?? null,
      email: contact.email,
      jobTitle: contact.jobTitle ?? null,
      companyName: contact.companyName ?? null,
      country: contact.country ?? null,
      customFields: contact.customFields,
    },
    owner: owner ? { name: owner.name, email: owner.email } : null,
    campaign: { name: campaign.name },
    unsubscribeUrl,
  };
}
