// Bun's own hashes behind the seam, for the bun entry. In Bun an HMAC-SHA256 of a string to sign is
// 0.58 us with Bun.CryptoHasher against 1.5 us for node:crypto's (crypto-node.ts, two one-shot
// hashes over padded keys), and a SHA-256 of a canonical request 0.37 us against 0.45.
import type { BinaryLike, SyncCrypto } from './crypto.ts';

interface BunHasher {
  update(data: BinaryLike): BunHasher;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
}
declare const Bun: {
  CryptoHasher: new (algorithm: 'sha256', hmacKey?: BinaryLike) => BunHasher;
  SHA256: { hash(data: BinaryLike, encoding: 'hex'): string };
};

export const bunCrypto: SyncCrypto = {
  mode: 'sync',
  sha256Hex: (data) => Bun.SHA256.hash(data, 'hex'),
  hmac: (key, data) => new Bun.CryptoHasher('sha256', key).update(data).digest(),
  hmacHex: (key, data) => new Bun.CryptoHasher('sha256', key).update(data).digest('hex'),
};
