// node:crypto behind the seam: synchronous and the fastest path on Node, Bun and Deno.
import { createHash, createHmac } from 'node:crypto';
import type { BinaryLike, SyncCrypto } from './crypto.ts';

export const nodeCrypto: SyncCrypto = {
  mode: 'sync',
  sha256Hex: (data: BinaryLike) => createHash('sha256').update(data).digest('hex'),
  hmac: (key: BinaryLike, data: BinaryLike) => createHmac('sha256', key).update(data).digest(),
  hmacHex: (key: BinaryLike, data: BinaryLike) => createHmac('sha256', key).update(data).digest('hex'),
};
