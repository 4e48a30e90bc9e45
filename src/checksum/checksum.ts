// S3's additional checksums: which algorithms, their wire names, and how to compute one. The SHA
// family comes from the runtime (injected, so this module has no node: import); the CRCs are ours.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import { ArgumentError } from '../errors.ts';
import { base64Encode } from '../sigv4/base64.ts';
import { crc32, crc32c, crc64nvme, type Checksum } from './crc.ts';

export type { Checksum };

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/** Incremental SHA-1 / SHA-256 from the runtime (node:crypto createHash). */
export type HashFactory = (algorithm: 'sha1' | 'sha256') => Checksum;

/** Digest sizes in bytes; the wire value is their base64. */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export function checkChecksumAlgorithm(a: unknown): ChecksumAlgorithm {
  if (typeof a === 'string' && (CHECKSUM_ALGORITHMS as readonly string[]).includes(a)) return a as ChecksumAlgorithm;
  throw new ArgumentError('InvalidChecksumAlgorithm', `checksumAlgorithm must be one of ${CHECKSUM_ALGORITHMS.join(', ')}, got ${JSON.stringify(a)}`);
}

/** `x-amz-checksum-crc32`, as header and as trailer. */
export function checksumHeader(a: ChecksumAlgorithm): string {
  return 'x-amz-checksum-' + a.toLowerCase();
}

/** Length of the base64 value: the aws-chunked Content-Length is computed before the body is read. */
export function checksumValueLength(a: ChecksumAlgorithm): number {
  return Math.ceil(DIGEST_BYTES[a] / 3) * 4;
}

export function createChecksum(a: ChecksumAlgorithm, hash: HashFactory | undefined): Checksum {
  switch (a) {
    case 'CRC32':
      return crc32();
    case 'CRC32C':
      return crc32c();
    case 'CRC64NVME':
      return crc64nvme();
    case 'SHA1':
    case 'SHA256':
      if (!hash) throw new ArgumentError('UnsupportedChecksum', `${a} checksums need a runtime hash (node:crypto); use a CRC here`);
      return hash(a === 'SHA1' ? 'sha1' : 'sha256');
  }
}

/** The base64 checksum of bytes in memory. */
export async function checksumOf(a: ChecksumAlgorithm, data: Uint8Array, hash: HashFactory | undefined): Promise<string> {
  const c = createChecksum(a, hash);
  c.update(data);
  return base64Encode(await c.digest());
}

/** Pass a stream through unchanged, feeding every byte to `sum` on the way. */
export async function* tap(source: AsyncIterable<Uint8Array>, sum: Checksum): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    sum.update(piece);
    yield piece;
  }
}

/** What a write says about its checksum: computed on the way out, or given by the caller. */
export interface ChecksumInput {
  /** Have the server verify the body with this checksum (default: none). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  /** The checksum (base64) when you already have it, sent as is instead of computed; needs `checksumAlgorithm`. */
  readonly checksum?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The headers of a write's checksum, and the algorithm left for the pipeline to compute.
 * `x-amz-sdk-checksum-algorithm` is what the AWS SDKs send beside it; servers accept either.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#API_PutObject_RequestSyntax
 */
export function checksumRequest(i: ChecksumInput): { headers: Record<string, string>; checksumAlgorithm?: ChecksumAlgorithm } {
  if (i.checksumAlgorithm === undefined) {
    if (i.checksum !== undefined) throw new ArgumentError('InvalidArgument', 'checksum needs checksumAlgorithm');
    return { headers: {} };
  }
  const a = checkChecksumAlgorithm(i.checksumAlgorithm);
  if (i.checksum === undefined) return { headers: {}, checksumAlgorithm: a };
  if (typeof i.checksum !== 'string' || !BASE64.test(i.checksum) || i.checksum.length !== checksumValueLength(a)) {
    throw new ArgumentError('InvalidChecksum', `checksum must be the base64 of a ${a} digest (${checksumValueLength(a)} characters)`);
  }
  return { headers: { [checksumHeader(a)]: i.checksum, 'x-amz-sdk-checksum-algorithm': a } };
}

/** Checksums as S3 names them in XML and results (`ChecksumCRC32`, ...). */
export interface ChecksumValues {
  readonly checksumCRC32?: string;
  readonly checksumCRC32C?: string;
  readonly checksumCRC64NVME?: string;
  readonly checksumSHA1?: string;
  readonly checksumSHA256?: string;
}

/** The `x-amz-checksum-*` response headers a server sent back. */
export function checksumsOf(headers: Record<string, string>): ChecksumValues {
  const out: Record<string, string> = {};
  for (const [header, field] of CHECKSUM_FIELDS) {
    const v = headers[header];
    if (v !== undefined) out[field] = v;
  }
  return out;
}

// Header and result names, made once: checksumsOf runs on every PUT's answer.
const CHECKSUM_FIELDS = CHECKSUM_ALGORITHMS.map((a) => [checksumHeader(a), 'checksum' + a] as const);
