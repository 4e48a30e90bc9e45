// node:crypto behind the seam: synchronous and the fastest path on Node, Bun and Deno.
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import type { BinaryLike, SyncCrypto } from './crypto.ts';

type OneShot = (alg: string, data: BinaryLike, enc: 'hex' | 'buffer') => string | Uint8Array;
// crypto.hash (Node >= 20.12 / 21.7): no Hash object per call, about half the time of createHash.
const oneShot = (crypto as { hash?: OneShot }).hash;

const sha256Hex = oneShot
  ? (data: BinaryLike) => oneShot('sha256', data, 'hex') as string
  : (data: BinaryLike) => createHash('sha256').update(data).digest('hex');

// HMAC-SHA256 as two one-shot hashes, H(K^opad || H(K^ipad || m)) (RFC 2104), with the padded
// keys computed once per key: about half the time of createHmac, which builds a KeyObject and an
// Hmac per call. Only for short messages (strings to sign) and keys that are signing keys.
const BLOCK = 64;
const MAX_MESSAGE = 1024;
const inner = Buffer.alloc(BLOCK + MAX_MESSAGE);
const outer = Buffer.alloc(BLOCK + 32);
const pads = new WeakMap<Uint8Array, { ipad: Buffer; opad: Buffer }>();
function padsOf(key: Uint8Array) {
  let p = pads.get(key);
  if (p === undefined) {
    const ipad = Buffer.alloc(BLOCK, 0x36);
    const opad = Buffer.alloc(BLOCK, 0x5c);
    for (let i = 0; i < key.length; i++) {
      ipad[i]! ^= key[i]!;
      opad[i]! ^= key[i]!;
    }
    p = { ipad, opad };
    pads.set(key, p);
  }
  return p;
}
function hmacHex(key: BinaryLike, data: BinaryLike): string {
  if (!oneShot || typeof key === 'string' || key.length > BLOCK || typeof data !== 'string' || data.length * 3 > MAX_MESSAGE) {
    return createHmac('sha256', key).update(data).digest('hex');
  }
  const p = padsOf(key);
  p.ipad.copy(inner, 0);
  const n = inner.write(data, BLOCK, 'utf8');
  (oneShot('sha256', inner.subarray(0, BLOCK + n), 'buffer') as Uint8Array as Buffer).copy(outer, BLOCK);
  p.opad.copy(outer, 0);
  return oneShot('sha256', outer, 'hex') as string;
}

export const nodeCrypto: SyncCrypto = {
  mode: 'sync',
  sha256Hex,
  hmac: (key: BinaryLike, data: BinaryLike) => createHmac('sha256', key).update(data).digest(),
  hmacHex,
};
