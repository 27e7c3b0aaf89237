import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { deliveryTimeoutMs } from '#shared/webhooks/webhook-delivery.rules.ts';
import { isForbiddenAddress } from '#shared/webhooks/webhook-target.rules.ts';
import type { WebhookTransport } from '#shared/webhooks/webhook-transport.ts';

class ForbiddenTarget extends Error {}

/**
 * POSTs deliveries with node's http(s), resolving the host through a lookup that refuses private,
 * loopback and link-local addresses at connect time, so a name that re-resolves to an internal
 * address after the subscription was checked (DNS rebinding) is still refused. Redirects are not
 * followed. `allowPrivate` is for the local stack, where integrators listen on loopback.
 */
export function httpWebhookTransport(options: { allowPrivate: boolean }): WebhookTransport {
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const forbidden = !options.allowPrivate && addresses.some(({ address }) => isForbiddenAddress(address));
      if (forbidden) return callback(new ForbiddenTarget(`${hostname} resolves to a private address`), '', 0);
      if (lookupOptions.all)
        return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
  return {
    post(url, headers, body) {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivate && (target.protocol !== 'https:' || (isIP(host) && isForbiddenAddress(host)))) {
        return Promise.resolve({ error: 'refused: the target is not a public https address', refused: true });
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise((resolve) => {
        const request = send(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup: guardedLookup,
            timeout: deliveryTimeoutMs,
          },
          (response) => {
            response.resume(); // the body is not read: only the status matters
            resolve({ statusCode: response.statusCode ?? 0 });
          },
        );
        request.on('timeout', () => request.destroy(new Error(`no answer within ${deliveryTimeoutMs} ms`)));
        request.on('error', (error) =>
          resolve(
            error instanceof ForbiddenTarget
              ? { error: `refused: ${error.message}`, refused: true }
              : { error: error.message },
          ),
        );
        request.end(body);
      });
    },
  };
}
