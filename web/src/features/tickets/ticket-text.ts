/** A contact's name as people read it, or its address when it has none (the address's display form). */
export function contactName(contact: { firstName?: string; lastName?: string; email: string; emailDisplay?: string }) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim();
  return name || contact.emailDisplay || contact.email;
}

/**
 * Who wrote a message or moved a ticket: the rep whose user it is, else the principal as the API recorded it
 * (an admin without an owner record, an integration). `undefined` when it was the reader.
 */
export function authorName(
  byPrincipal: string,
  owners: readonly { userId?: string; name: string }[],
  mySubject: string,
): string | undefined {
  if (byPrincipal === mySubject) return undefined;
  return owners.find((owner) => owner.userId === byPrincipal)?.name ?? byPrincipal;
}
