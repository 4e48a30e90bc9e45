// WebCrypto behind the seam, for runtimes without node:crypto (workerd, browsers).
import { toHex, type AsyncCrypto, type BinaryLike } from './crypto.ts';

const utf8 = new TextEncoder();
const bytes = (d: BinaryLike): Uint8Array<ArrayBuffer> =>
  (typeof d === 'string' ? utf8.encode(d) : new Uint8Array(d)) as Uint8Array<ArrayBuffer>;

/**
 * The three methods of WebCrypto's `SubtleCrypto` used here, as a structural type: any runtime's
 * `crypto.subtle` fits it, and the declarations need no DOM lib (Node's types have no SubtleCrypto global).
 */
export interface SubtleHmac {
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: false, keyUsages: ['sign']): Promise<object>;
  sign(algorithm: 'HMAC', key: object, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** WebCrypto primitives from a given `SubtleCrypto` (default: `globalThis.crypto.subtle`). */
export function webCrypto(subtle: SubtleHmac = globalThis.crypto.subtle): AsyncCrypto {
  const hmac = async (key: BinaryLike, data: BinaryLike): Promise<Uint8Array> => {
    const k = await subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', k, bytes(data)));
  };
  return {
    mode: 'async',
    sha256Hex: async (data) => toHex(new Uint8Array(await subtle.digest('SHA-256', bytes(data)))),
    hmac,
    hmacHex: async (key, data) => toHex(await hmac(key, data)),
  };
}
