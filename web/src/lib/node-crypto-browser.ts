import { sha256 } from '@noble/hashes/sha2.js';

/**
 * `node:crypto`'s createHash('sha256') for the browser, so the journey rules in `shared/` (the A/B variant a
 * contact gets) run in the console's simulation unchanged (web/vite.config.ts resolves `node:crypto` here).
 * Same contract for what the console uses: update with text, digest to bytes.
 */
export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`The console has no ${algorithm} hash.`);
  const parts: Uint8Array[] = [];
  const hash = {
    update(data: string) {
      parts.push(new TextEncoder().encode(data));
      return hash;
    },
    digest(): Uint8Array {
      const all = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        all.set(part, offset);
        offset += part.length;
      }
      return sha256(all);
    },
  };
  return hash;
}
