// node:crypto behind the seam: synchronous and the fastest path on Node, Bun and Deno.
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import type { BinaryLike, SyncCrypto } from './crypto.ts';

type OneShot = (alg: string, data: BinaryLike, enc: 'hex' | 'latin1' | 'buffer') => string | Uint8Array;
// crypto.hash (Node >= 20.12 / 21.7): no Hash object per call, about half the time of createHash.
const oneShot = (crypto as { hash?: OneShot }).hash;

const sha256Hex = oneShot
  ? (data: BinaryLike) => oneShot('sha256', data, 'hex') as string
  : (data: BinaryLike) => createHash('sha256').update(data).digest('hex');

/**
 * The key the padded blocks were made for, remembered by value, not by identity: a key changed in
 * place is a new key, so no signature is ever made with what a buffer held before (a WeakMap of
 * padded keys took a buffer's identity for its bytes until 2026-12-02). Comparing 32 bytes costs
 * ~30 ns. (Bun's keyed hasher, kept and copied per message this way in crypto-bun.ts, was ~8% more
 * CPU per headObject in situ than one keyed per message, though 0.3 us less in a loop: not kept.)
 */
class LastKey {
  readonly #bytes = new Uint8Array(64);
  #length = -1;

  /** True if `key` (at most 64 bytes) holds the bytes remembered; else they become `key`'s. */
  same(key: Uint8Array): boolean {
    const n = key.length;
    const bytes = this.#bytes;
    if (n === this.#length) {
      let i = 0;
      while (i < n && key[i] === bytes[i]) i++;
      if (i === n) return true;
    }
    bytes.set(key);
    this.#length = n;
    return false;
  }
}

// HMAC-SHA256 as two one-shot hashes, H(K^opad || H(K^ipad || m)) (RFC 2104), the padded key
// blocks left in place at the head of `inner` and `outer` while the key is the last one used (by
// value: LastKey): about half the time of createHmac, which builds a KeyObject and an Hmac per
// call. Only for short messages (strings to sign) and keys of at most one block (signing keys).
// The inner digest comes back as a latin1 string and is written into the outer block: on Node 20
// a digest as a Buffer (hash(..., 'buffer')) took twice as long as one as a string (1.2 against
// 0.6 us), and the message's view of `inner` is made once per length.
const BLOCK = 64;
const MAX_MESSAGE = 1024;
const inner = Buffer.alloc(BLOCK + MAX_MESSAGE);
const outer = Buffer.alloc(BLOCK + 32);
const views: Buffer[] = [];
const padded = new LastKey();
function hmacHex(key: BinaryLike, data: BinaryLike): string {
  if (!oneShot || typeof key === 'string' || key.length > BLOCK || typeof data !== 'string' || data.length * 3 > MAX_MESSAGE) {
    return createHmac('sha256', key).update(data).digest('hex');
  }
  if (!padded.same(key)) {
    inner.fill(0x36, 0, BLOCK);
    outer.fill(0x5c, 0, BLOCK);
    for (let i = 0; i < key.length; i++) {
      inner[i]! ^= key[i]!;
      outer[i]! ^= key[i]!;
    }
  }
  const n = inner.write(data, BLOCK, 'utf8');
  outer.write(oneShot('sha256', (views[n] ??= inner.subarray(0, BLOCK + n)), 'latin1') as string, BLOCK, 'latin1');
  return oneShot('sha256', outer, 'hex') as string;
}

export const nodeCrypto: SyncCrypto = {
  mode: 'sync',
  sha256Hex,
  hmac: (key: BinaryLike, data: BinaryLike) => createHmac('sha256', key).update(data).digest(),
  hmacHex,
};
