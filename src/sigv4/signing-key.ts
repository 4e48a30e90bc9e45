// Step 3 of SigV4: the signing key, an HMAC chain over date, region, service and "aws4_request".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key

import { KEY_TYPE } from './constants.ts';
import type { AsyncCrypto, SyncCrypto } from './crypto.ts';

export function deriveSigningKey(crypto: SyncCrypto, secretAccessKey: string, shortDate: string, region: string, service: string): Uint8Array {
  const kDate = crypto.hmac('AWS4' + secretAccessKey, shortDate);
  const kRegion = crypto.hmac(kDate, region);
  const kService = crypto.hmac(kRegion, service);
  return crypto.hmac(kService, KEY_TYPE);
}

export async function deriveSigningKeyAsync(crypto: AsyncCrypto, secretAccessKey: string, shortDate: string, region: string, service: string): Promise<Uint8Array> {
  const kDate = await crypto.hmac('AWS4' + secretAccessKey, shortDate);
  const kRegion = await crypto.hmac(kDate, region);
  const kService = await crypto.hmac(kRegion, service);
  return crypto.hmac(kService, KEY_TYPE);
}

/** Signing keys a signer keeps (by credential scope, never by the secret); the oldest goes first. */
export const MAX_CACHED_KEYS = 16;
