// s3wire/sigv4 for Node, Bun and Deno: node:crypto, synchronous (AsyncSigner and webCrypto too).
import { nodeCrypto } from './crypto-node.ts';
import { Signer, type SignerOptions } from './signer.ts';

export * from './exports.ts';
export { Signer, AsyncSigner } from './signer.ts';
export { nodeCrypto };

/** A signer bound to one set of credentials, region and service (default `s3`, S3 settings). */
export function createSigner(options: SignerOptions): Signer {
  return new Signer(options, nodeCrypto);
}
