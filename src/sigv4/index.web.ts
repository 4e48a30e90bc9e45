// s3wire/sigv4 for runtimes without node:crypto: WebCrypto, asynchronous. No synchronous Signer:
// it needs a synchronous SHA-256, which these runtimes do not have.
import { webCrypto } from './crypto-web.ts';
import { AsyncSigner, type SignerOptions } from './signer.ts';

export * from './exports.ts';
export { AsyncSigner };

/** A signer bound to one set of credentials, region and service (default `s3`, S3 settings). */
export function createSigner(options: SignerOptions): AsyncSigner {
  return new AsyncSigner(options, webCrypto());
}
