import { ContactRepository } from '#shared/contacts/contact.repository.ts';
import type { ContactDeps } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';

/** Wiring from the environment, built once per Lambda container and reused across invocations. */
let contacts: ContactDeps | undefined;
export function contactDeps(): ContactDeps {
  contacts ??= { contacts: new ContactRepository(tableRefFromEnvironment()), context: systemContext };
  return contacts;
}
