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

/**
 * The dotted names of a context's values: `contact.firstName`, `owner.email`... A record with any key
 * (`customFields`) is one name, under which a template reads any key it likes.
 */
type VariablePaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: NonNullable<T[K]> extends Record<string, unknown>
    ? string extends keyof NonNullable<T[K]>
      ? `${Prefix}${K}`
      : VariablePaths<NonNullable<T[K]>, `${Prefix}${K}.`>
    : `${Prefix}${K}`;
}[keyof T & string];

export type TemplateVariable = VariablePaths<TemplateContext>;

/** How a variable is offered: a value, or a record whose keys the template names itself (`contact.customFields.plan`). */
export type TemplateVariableKind = 'value' | 'record';

// Keyed by every name of TemplateContext and nothing else: a name added to the context or taken away does not
// compile until it is listed here, so the list the editor offers cannot drift from what templates see.
const variableKinds: Record<TemplateVariable, TemplateVariableKind> = {
  'contact.firstName': 'value',
  'contact.lastName': 'value',
  'contact.email': 'value',
  'contact.jobTitle': 'value',
  'contact.companyName': 'value',
  'contact.country': 'value',
  'contact.customFields': 'record',
  'owner.name': 'value',
  'owner.email': 'value',
  'campaign.name': 'value',
  unsubscribeUrl: 'value',
};

/** Every variable a campaign template may use, in the order a person would look for them. */
export const templateVariables: readonly { name: TemplateVariable; kind: TemplateVariableKind }[] = Object.entries(
  variableKinds,
).map(([name, kind]) => ({ name: name as TemplateVariable, kind }));
