// Everything s3wire/sigv4 offers that does not depend on the runtime's crypto.
export * from './canonical-request.ts';
export * from './constants.ts';
export * from './settings.ts';
export * from './string-to-sign.ts';
export * from './types.ts';
export { uriEncode, uriEncodePath } from './uri-encode.ts';
export { deriveSigningKey, deriveSigningKeyAsync, SigningKeyCache } from './signing-key.ts';
export { awsChunked, awsChunkedLength, rechunk, planChunk, planTrailer, DEFAULT_CHUNK_SIZE, MIN_CHUNK_SIZE } from './aws-chunked.ts';
export type { ChunkSigner, AwsChunkedLayout, AwsChunkedOptions } from './aws-chunked.ts';
export type { PostPolicyInput, SignedPostPolicy } from './post-policy.ts';
export { authorizationHeader, validateExpires } from './request-plan.ts';
export { Signer, AsyncSigner, type SignerOptions } from './signer.ts';
export { toHex, type SyncCrypto, type AsyncCrypto, type BinaryLike } from './crypto.ts';
export { webCrypto } from './crypto-web.ts';
export { base64Encode } from './base64.ts';
