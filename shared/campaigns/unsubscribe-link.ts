import { signToken, verifyToken } from '../leads/signed-token.ts';

/** The signed, never-expiring token of an unsubscribe link: who, and from which campaign. */
export const unsubscribeToken = (contactId: string, campaignId: string, key: string) =>
  signToken({ c: contactId, k: campaignId, p: 'unsubscribe' }, key);

export function readUnsubscribeToken(
  token: string | undefined,
  key: string,
): { contactId: string; campaignId: string } | undefined {
  const payload = verifyToken<{ c?: unknown; k?: unknown; p?: unknown }>(token, key);
  if (payload?.p !== 'unsubscribe' || typeof payload.c !== 'string' || typeof payload.k !== 'string') return undefined;
  return { contactId: payload.c, campaignId: payload.k };
}

/** RFC 8058 one-click unsubscribe headers for marketing mail. */
export const listUnsubscribeHeaders = (url: string) => [
  { name: 'List-Unsubscribe', value: `<${url}>` },
  { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
];
