import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  rawBody: Buffer;
  headers: Record<string, string>;
}

export interface Forgery extends Delivery {
  kind: string;
  /** The email of the lead in the forged body: it must never be stored. */
  email: string;
}

const toleranceSeconds = 5 * 60;
const leadBody = (email: string) =>
  JSON.stringify({ contact: { email, firstName: 'Mallory' }, consent: { granted: true, version: 'forged' } });
const signedHeaders = (secret: string, id: string, at: Date, body: string) => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(id, at, body),
});

/**
 * Forged Standard Webhooks deliveries of a lead for a source whose secret is `secret`: unsigned, signed
 * with another secret, tampered after signing, outside the timestamp window, signed for another id,
 * malformed headers, and `genuine`'s webhook-id replayed with another body. None may be accepted.
 */
export function forgedDeliveries(
  secret: string,
  genuine: Delivery,
  now: () => Date = () => new Date(),
): fc.Arbitrary<Forgery> {
  const email = fc.nat({ max: 1e9 }).map((n) => `forged.${n}@example.com`);
  const id = fc.stringMatching(/^msg_[A-Za-z0-9]{8,24}$/);
  const otherSecret = fc
    .uint8Array({ minLength: 24, maxLength: 32 })
    .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
  const forgery = (
    kind: string,
    make: (email: string, id: string) => { body: string; headers: Record<string, string> },
  ) =>
    fc.tuple(email, id).map(([address, messageId]) => {
      const { body, headers } = make(address, messageId);
      return { kind, email: address, rawBody: Buffer.from(body), headers };
    });
  const signed = (address: string, messageId: string, at = now()) => ({
    body: leadBody(address),
    headers: signedHeaders(secret, messageId, at, leadBody(address)),
  });
  return fc.oneof(
    forgery('unsigned', (address, messageId) => {
      const { body, headers } = signed(address, messageId);
      const { 'webhook-signature': _, ...unsigned } = headers;
      return { body, headers: unsigned };
    }),
    forgery('no headers', (address) => ({ body: leadBody(address), headers: {} })),
    otherSecret.chain((wrong) =>
      forgery('another secret', (address, messageId) => ({
        body: leadBody(address),
        headers: signedHeaders(wrong, messageId, now(), leadBody(address)),
      })),
    ),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).chain(([position, xor]) =>
      forgery('body tampered after signing', (address, messageId) => {
        const { body, headers } = signed(address, messageId);
        const bytes = Buffer.from(body);
        const index = position % bytes.length;
        bytes[index] = (bytes[index] as number) ^ xor;
        return { body: bytes.toString('latin1'), headers };
      }),
    ),
    forgery('email swapped after signing', (address, messageId) => ({
      body: leadBody(address),
      headers: signed(`partner.${address}`, messageId).headers,
    })),
    fc
      .integer({ min: toleranceSeconds + 5, max: 10 * 365 * 86_400 })
      .chain((skew) =>
        fc
          .constantFrom(-1, 1)
          .chain((sign) =>
            forgery(sign < 0 ? 'timestamp too old' : 'timestamp in the future', (address, messageId) =>
              signed(address, messageId, new Date(now().getTime() + sign * skew * 1000)),
            ),
          ),
      ),
    forgery('signed for another id', (address, messageId) => {
      const { body, headers } = signed(address, messageId);
      return { body, headers: { ...headers, 'webhook-id': `${messageId}x` } };
    }),
    fc
      .constantFrom(
        '',
        'v1',
        'v1,',
        'v2,AAAA',
        'v1,not base64!',
        'v1a,AAAA',
        ' , , ',
        'v1,'.padEnd(4096, 'A'),
        'v1,AAAA v1,BBBB v1,CCCC',
      )
      .chain((signature) =>
        forgery('malformed signature', (address, messageId) => ({
          body: leadBody(address),
          headers: { ...signed(address, messageId).headers, 'webhook-signature': signature },
        })),
      ),
    fc.constantFrom('', 'now', '1e9', '-1', '1.5', '99999999999999999999', ' 1 ', '0x10').chain((timestamp) =>
      forgery('malformed timestamp', (address, messageId) => ({
        body: leadBody(address),
        headers: { ...signed(address, messageId).headers, 'webhook-timestamp': timestamp },
      })),
    ),
    forgery('replayed id, another body', (address) => {
      const headers = { ...genuine.headers };
      return { body: leadBody(address), headers };
    }),
  );
}
