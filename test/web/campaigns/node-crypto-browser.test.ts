import { createHash as nodeCreateHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from '../../../web/src/lib/node-crypto-browser.ts';

describe("the console's createHash('sha256')", () => {
  it('gives the bytes node:crypto gives, so the simulation picks the A/B variant the executor picks', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const browser = createHash('sha256').update(a).update(b).digest();
        const node = nodeCreateHash('sha256').update(a).update(b).digest();
        expect(Buffer.from(browser).equals(node)).toBe(true);
      }),
    );
    expect(() => createHash('md5')).toThrow(/no md5/);
  });
});
