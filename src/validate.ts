// Input checks that run before any I/O, so bad input never reaches the wire.
import { ArgumentError } from './errors.ts';

const utf8 = new TextEncoder();

// The last bucket name that passed: nearly every request names the bucket of the one before, and
// the checks below cost ~1 us on Node.
let lastBucket = '';

/**
 * General-purpose bucket naming rules.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function checkBucket(bucket: unknown): string {
  if (bucket === lastBucket && lastBucket) return bucket;
  if (typeof bucket !== 'string' || bucket === '') throw new ArgumentError('InvalidBucketName', 'bucket must be a non-empty string');
  const fail = (why: string) => new ArgumentError('InvalidBucketName', `invalid bucket name ${JSON.stringify(bucket.slice(0, 80))}: ${why}`);
  if (bucket.length < 3 || bucket.length > 63) throw fail('must be 3 to 63 characters long');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) {
    throw fail('only lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit');
  }
  if (bucket.includes('..')) throw fail('must not contain two adjacent dots');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) throw fail('must not look like an IP address');
  if (bucket.startsWith('xn--') || bucket.startsWith('sthree-')) throw fail('must not start with xn-- or sthree-');
  if (bucket.endsWith('-s3alias') || bucket.endsWith('--ol-s3')) throw fail('must not end with -s3alias or --ol-s3');
  return (lastBucket = bucket);
}

/** Object keys: 1 to 1024 bytes of UTF-8, no unpaired surrogates. */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string') throw new ArgumentError('InvalidKey', 'key must be a string');
  if (key === '') throw new ArgumentError('InvalidKey', 'key must not be empty');
  if (!key.isWellFormed()) throw new ArgumentError('InvalidKey', 'key contains an unpaired surrogate and cannot be encoded as UTF-8');
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4): a key of up
  // to 341 units fits without being encoded.
  const bytes = key.length > 341 ? utf8.encode(key).length : 0;
  if (bytes > 1024) throw new ArgumentError('KeyTooLong', `key is ${bytes} bytes of UTF-8; S3 allows at most 1024`);
  return key;
}

export function checkPartNumber(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new ArgumentError('InvalidPartNumber', `partNumber must be a whole number from 1 to 10000, got ${String(n)}`);
  }
  return n;
}

export function checkExpiresIn(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 604_800) {
    throw new ArgumentError('InvalidExpires', `expiresIn must be a whole number of seconds from 1 to 604800 (7 days), got ${String(n)}`);
  }
  return n;
}

export function checkUploadId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new ArgumentError('InvalidUploadId', 'uploadId must be a non-empty string');
  return id;
}

export function checkNonNegativeInteger(name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new ArgumentError('InvalidArgument', `${name} must be a whole number >= 0, got ${String(n)}`);
  }
  return n;
}

/** User metadata names become `x-amz-meta-<name>` headers: they must be header tokens. */
export function checkMetadata(meta: Record<string, string> | undefined): void {
  if (!meta) return;
  for (const [k, v] of Object.entries(meta)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw new ArgumentError('InvalidMetadata', `metadata name ${JSON.stringify(k)} is not a valid header name`);
    if (typeof v !== 'string' || /[^\t\x20-\x7e]/.test(v)) {
      throw new ArgumentError('InvalidMetadata', `metadata ${JSON.stringify(k)} must be printable ASCII (encode other text yourself, e.g. with encodeURIComponent)`);
    }
  }
}
