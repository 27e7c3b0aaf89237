/** A contact's name as people read it, or its address when it has none (the address's display form). */
export function displayNameOf(contact: {
  firstName?: string;
  lastName?: string;
  email: string;
  emailDisplay?: string;
}): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim();
  return name || contact.emailDisplay || contact.email;
}
