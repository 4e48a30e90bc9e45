// What s3wire/sigv4 offers on every runtime: the step functions, settings and types. The signer
// classes are chosen per runtime in index.ts (node) and index.web.ts. The rest has entries of its
// own, so that a signing tool does not ship it: s3wire/sigv4/aws-chunked (streaming bodies),
// s3wire/sigv4/post-policy (browser uploads), s3wire/sigv4/constants (the wire names).
export {
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  normalizePath,
  trimAll,
  type CanonicalHeaders,
  type HeaderValues,
  type QueryParams,
} from './canonical-request.ts';
export * from './settings.ts';
export * from './string-to-sign.ts';
export * from './types.ts';
export { uriEncode, uriEncodePath } from './uri-encode.ts';
export { deriveSigningKey, deriveSigningKeyAsync } from './signing-key.ts';
export { authorizationHeader } from './request-plan.ts';
export type { SignerOptions } from './signer.ts';
export { toHex, type SyncCrypto, type AsyncCrypto, type BinaryLike } from './crypto.ts';
export { webCrypto, type SubtleHmac } from './crypto-web.ts';
