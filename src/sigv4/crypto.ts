// The crypto seam. The signer needs only SHA-256 and HMAC-SHA256; how they are computed is a
// runtime matter: node:crypto synchronously (fast), or WebCrypto asynchronously (edge runtimes).

export type BinaryLike = string | Uint8Array;

/** Synchronous primitives (node:crypto). Strings are hashed as UTF-8. */
export interface SyncCrypto {
  readonly mode: 'sync';
  sha256Hex(data: BinaryLike): string;
  hmac(key: BinaryLike, data: BinaryLike): Uint8Array;
  hmacHex(key: BinaryLike, data: BinaryLike): string;
}

/** The same primitives, asynchronous (WebCrypto `crypto.subtle`). */
export interface AsyncCrypto {
  readonly mode: 'async';
  sha256Hex(data: BinaryLike): Promise<string>;
  hmac(key: BinaryLike, data: BinaryLike): Promise<Uint8Array>;
  hmacHex(key: BinaryLike, data: BinaryLike): Promise<string>;
}

/** Incremental SHA-256, for bodies that arrive in pieces. */
export interface Sha256Stream {
  update(data: Uint8Array): void;
  digestHex(): string | Promise<string>;
}

const HEX_DIGITS = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return out;
}
