// node:crypto behind the seam: synchronous and the fastest path on Node, Bun and Deno.
import * as crypto from 'node:crypto';
import type { BinaryLike, SyncCrypto } from './crypto.ts';

// One-shot crypto.hash (Node >= 20.12) hashes a short string in ~0.9 µs against ~2.2 µs for
// createHash().update().digest(); older runtimes take the long way.
const oneShot = (crypto as { hash?: (alg: string, data: BinaryLike, enc: 'hex') => string }).hash;

export const nodeCrypto: SyncCrypto = {
  mode: 'sync',
  sha256Hex: oneShot
    ? (data: BinaryLike) => oneShot('sha256', data, 'hex')
    : (data: BinaryLike) => crypto.createHash('sha256').update(data).digest('hex'),
  hmac: (key: BinaryLike, data: BinaryLike) => crypto.createHmac('sha256', key).update(data).digest(),
  hmacHex: (key: BinaryLike, data: BinaryLike) => crypto.createHmac('sha256', key).update(data).digest('hex'),
};
