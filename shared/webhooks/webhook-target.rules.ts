import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, reserved and
// their IPv6 counterparts, including IPv4-mapped IPv6: nothing a webhook may reach from inside AWS.
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  forbidden.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is one a webhook must never be sent to (SSRF). */
export function isForbiddenAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return true;
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return forbidden.check(mapped, 'ipv4');
    return forbidden.check(address, 'ipv6');
  }
  return forbidden.check(address, 'ipv4');
}

/**
 * Whether a subscription may target `url`: https only, and no IP literal or name that is private,
 * unless private targets are allowed (the local stack, where integrators run on loopback). Names
 * are resolved and checked again at every delivery (DNS can change after this check).
 */
export function targetProblem(url: string, options: { allowPrivate: boolean }): string | undefined {
  const parsed = new URL(url);
  if (options.allowPrivate) return undefined;
  if (parsed.protocol !== 'https:') return 'webhooks are delivered over https only';
  if (parsed.username || parsed.password) return 'the URL may not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isForbiddenAddress(host)) return 'the URL points at a private, loopback or link-local address';
  if (/^(localhost|.*\.localhost|.*\.internal|.*\.local)$/i.test(host)) return 'the URL points at a local name';
  return undefined;
}
