// Managed upload: a single PUT below one part, else a multipart upload whose parts are read one at
// a time and sent `concurrency` at once. Memory stays near partSize x (concurrency + 1), whatever
// the size. Any failure, or the signal, aborts the multipart upload: nothing is left behind,
// unless the caller asked to keep the parts to resume (`leavePartsOnError`).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
import type { ChecksumAlgorithm } from '../checksum/checksum.ts';
import { AbortError, ArgumentError, S3WireError, isS3WireError } from '../errors.ts';
import type { BodyInput } from '../ops/body.ts';
import { iterate, prepareBody } from '../ops/body.ts';
import type { CompletedPart } from '../ops/multipart.ts';
import type { ObjectWriteHeaders } from '../ops/object-headers.ts';
import type { S3ClientBase } from '../client.ts';
import { abortable, linkedController } from './abort.ts';
import { PartReader } from './part-reader.ts';

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

export interface TransferProgress {
  /** Bytes done: acknowledged by the server (upload) or written out (download). Never decreases. */
  readonly loaded: number;
  /** Total bytes, once known (a stream of unknown length: from the moment it ended). */
  readonly total: number | undefined;
  readonly partNumber?: number;
}

/** @deprecated the same as {@link TransferProgress}. */
export type UploadProgress = TransferProgress;

export interface UploadInput extends ObjectWriteHeaders {
  readonly bucket: string;
  readonly key: string;
  readonly body: BodyInput;
  /** Length of a stream body, if known: plans the part size up front, and is checked. */
  readonly contentLength?: number;
  /**
   * Bytes per part (default 8 MiB; at least 5 MiB). For a known length it grows to fit 10,000
   * parts; for an unknown length it doubles every 1000 parts, so any size up to 5 TiB fits.
   */
  readonly partSize?: number;
  /** Parts in flight at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: TransferProgress) => void;
  readonly signal?: AbortSignal | undefined;
  /**
   * Continue this multipart upload: parts already there (same size and ETag) are skipped. Give
   * the same partSize and checksumAlgorithm as the first attempt, and leavePartsOnError again
   * to keep the parts should this attempt fail too.
   */
  readonly uploadId?: string;
  /** Called once the multipart upload exists, before any part is sent: store it to resume after a crash. */
  readonly onUploadId?: (uploadId: string) => void;
  /**
   * On failure or abort, keep the parts sent so far instead of aborting the upload; the error is
   * then a {@link ResumableUploadError} carrying the `uploadId` to resume with. Parts kept cost
   * storage until the upload is completed or aborted (or a lifecycle rule removes it).
   */
  readonly leavePartsOnError?: boolean;
  /** Have the server verify each request's body with this checksum (default: none). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
}

export interface UploadResult {
  readonly eTag: string | undefined;
  readonly versionId: string | undefined;
  readonly requestId: string | undefined;
  /** Set when the object was sent in parts. */
  readonly uploadId?: string;
  readonly parts?: number;
  /** Parts found on the server when resuming, not sent again. */
  readonly partsSkipped?: number;
}

/** A multipart upload failed and its parts were kept (`leavePartsOnError`): resume with `uploadId`. */
export class ResumableUploadError extends S3WireError {
  override name = 'ResumableUploadError';
  constructor(
    readonly uploadId: string,
    readonly bucket: string,
    readonly key: string,
    cause: unknown,
  ) {
    // Keep the cause's code, so `e.code === 'ABORTED'` still tells a pause from a failure.
    super(isS3WireError(cause) ? cause.code : 'UploadFailed', `upload ${uploadId} stopped and can be resumed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * Part size for part `n` of a body of unknown length: doubles every 1000 parts. Doubling alone
 * gives base x 1,023,000 bytes in 10,000 parts, short of 5 TiB for a base under ~5.4 MiB (the
 * 5 MiB minimum reaches only 4.88 TiB), so the last thousand parts are as large as 5 TiB needs.
 */
export function partSizeFor(n: number, base: number): number {
  const tier = Math.floor((n - 1) / 1000);
  let size = base * 2 ** tier;
  if (tier === 9) size = Math.max(size, Math.ceil((MAX_OBJECT_SIZE - base * 1000 * 511) / 1000));
  return Math.min(MAX_PART_SIZE, size);
}

/** Plan a base part size for a known total so that it fits in 10,000 parts. */
export function planPartSize(total: number | undefined, requested: number): number {
  if (total === undefined) return requested;
  return Math.max(requested, Math.ceil(total / MAX_PARTS));
}

function checkOptions(input: UploadInput): { requested: number; concurrency: number } {
  const requested = input.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(requested) || requested < MIN_PART_SIZE || requested > MAX_PART_SIZE) {
    throw new ArgumentError('InvalidPartSize', `partSize must be ${MIN_PART_SIZE}..${MAX_PART_SIZE} bytes`);
  }
  const concurrency = input.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ArgumentError('InvalidArgument', 'concurrency must be 1..64');
  if (input.contentLength !== undefined && (!Number.isSafeInteger(input.contentLength) || input.contentLength < 0)) {
    throw new ArgumentError('InvalidArgument', 'contentLength must be a whole number >= 0');
  }
  return { requested, concurrency };
}

/** The write headers to pass on, without upload()'s own options. */
function objectHeaders(i: UploadInput): ObjectWriteHeaders & { bucket: string; key: string } {
  const { bucket, key, contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, metadata, storageClass, acl, tagging } = i;
  return { bucket, key, contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, metadata, storageClass, acl, tagging };
}

export async function upload(client: S3ClientBase, input: UploadInput): Promise<UploadResult> {
  const { requested, concurrency } = checkOptions(input);
  const prepared = prepareBody(input.body, input.contentLength);
  const declared = prepared.length;
  if (declared !== undefined && declared > MAX_OBJECT_SIZE) throw new ArgumentError('EntityTooLarge', 'the body is larger than S3 allows (5 TiB)');
  const base = planPartSize(declared, requested);
  // A known length keeps one part size (a plan a resume can repeat); an unknown one must grow.
  const sizeOf = (n: number) => (declared === undefined ? partSizeFor(n, base) : base);
  const { signal, onProgress, checksumAlgorithm } = input;
  const { bucket, key } = input;
  const headers = objectHeaders(input);
  if (signal?.aborted) throw new AbortError('ABORTED', 'the upload was aborted', { cause: signal.reason });

  // One controller for every request of this upload: the caller's signal, or our own first failure.
  const ctl = linkedController(signal);
  const reader = new PartReader(iterate(prepared.body), declared);
  let uploadId: string | undefined;
  const inFlight = new Set<Promise<void>>();
  try {
    let first: Uint8Array | undefined = await abortable(reader.read(sizeOf(1)), ctl.signal);
    let second: Uint8Array | undefined = first && first.length === sizeOf(1) ? await abortable(reader.read(sizeOf(2)), ctl.signal) : undefined;

    if (!second && !input.uploadId) {
      // One part or less: a plain PUT.
      const data = first ?? new Uint8Array(0);
      const r = await client.putObject({ ...headers, body: data, ...(checksumAlgorithm ? { checksumAlgorithm } : {}) }, { signal: ctl.signal });
      onProgress?.({ loaded: data.length, total: data.length });
      return { eTag: r.eTag, versionId: r.versionId, requestId: r.requestId };
    }

    uploadId = input.uploadId ?? (await client.createMultipartUpload({ ...headers, ...(checksumAlgorithm ? { checksumAlgorithm } : {}) }, { signal: ctl.signal })).uploadId;
    input.onUploadId?.(uploadId);
    const existing = input.uploadId ? await listExisting(client, bucket, key, uploadId, ctl.signal) : new Map<number, { eTag: string; size: number }>();

    const parts: CompletedPart[] = [];
    let loaded = 0;
    let skipped = 0;
    let lastTotal: number | undefined;
    let failure: { error: unknown } | undefined;
    const progress = (partNumber?: number) => {
      lastTotal = reader.total;
      onProgress?.({ loaded, total: lastTotal, ...(partNumber ? { partNumber } : {}) });
    };
    const sendPart = async (partNumber: number, data: Uint8Array) => {
      const id = uploadId!;
      const have = existing.get(partNumber);
      if (have && have.size === data.length && have.eTag.replace(/"/g, '') === (await client.md5Hex(data))) {
        // CompleteMultipartUpload wants each part's checksum when the upload has an algorithm:
        // the bytes are the same, so ours is the server's.
        const sum = checksumAlgorithm ? { ['checksum' + checksumAlgorithm]: await client.checksumOf(checksumAlgorithm, data) } : {};
        parts.push({ partNumber, eTag: have.eTag, ...sum });
        skipped++;
      } else {
        const r = await client.uploadPart({ bucket, key, uploadId: id, partNumber, body: data, ...(checksumAlgorithm ? { checksumAlgorithm } : {}) }, { signal: ctl.signal });
        parts.push({ partNumber, eTag: r.eTag, ...r.checksums });
      }
      loaded += data.length;
      progress(partNumber);
      // Sent (retries included): its buffer can hold a later part.
      reader.recycle(data);
    };
    const fail = (e: unknown) => {
      if (failure) return;
      failure = { error: e };
      // Parts in flight are lost work once the upload is aborted: stop them now. When they are
      // kept for a resume, let them finish, unless the caller's signal asked to stop at once.
      if (!input.leavePartsOnError) ctl.abort(e);
    };

    for (let partNumber = 1; ; partNumber++) {
      let data: Uint8Array | undefined;
      if (partNumber === 1) [data, first] = [first, undefined];
      else if (partNumber === 2) [data, second] = [second, undefined];
      else data = await abortable(reader.read(sizeOf(partNumber)), ctl.signal);
      if (!data) break;
      if (partNumber > MAX_PARTS) throw new ArgumentError('EntityTooLarge', 'the body needs more than 10,000 parts');
      const p: Promise<void> = sendPart(partNumber, data)
        .catch(fail)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      // Backpressure: read the next part only when a slot is free.
      while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
      if (failure) throw failure.error;
    }
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    if (ctl.signal.aborted) throw ctl.signal.reason;
    if (lastTotal === undefined) progress();
    parts.sort((a, b) => a.partNumber - b.partNumber);
    const done = await client.completeMultipartUpload({ bucket, key, uploadId, parts }, { signal: ctl.signal });
    return { eTag: done.eTag, versionId: done.versionId, requestId: done.requestId, uploadId, parts: parts.length, partsSkipped: skipped };
  } catch (e) {
    const error = signal?.aborted ? asAbortError(e, signal) : e;
    // Kept parts in flight may finish (see fail); otherwise they are cancelled.
    if (!input.leavePartsOnError) ctl.abort(error);
    await Promise.allSettled(inFlight);
    reader.close();
    if (uploadId === undefined) throw error;
    if (input.leavePartsOnError) throw new ResumableUploadError(uploadId, bucket, key, error);
    // Without the caller's signal: it may be why we are here. Parts in flight have settled, so
    // one abort frees them all (S3 may keep a part that was still arriving during an abort).
    await client.abortMultipartUpload({ bucket, key, uploadId }).catch(() => undefined);
    throw error;
  } finally {
    ctl.dispose();
  }
}

function asAbortError(e: unknown, signal: AbortSignal): unknown {
  return e instanceof AbortError ? e : new AbortError('ABORTED', 'the upload was aborted', { cause: signal.reason });
}

/** The parts already uploaded, for a resume. A part listed without an ETag (s3s-fs) cannot be checked: it is sent again. */
async function listExisting(client: S3ClientBase, bucket: string, key: string, uploadId: string, signal: AbortSignal) {
  const existing = new Map<number, { eTag: string; size: number }>();
  for (let marker: number | undefined; ; ) {
    const page = await client.listParts({ bucket, key, uploadId, ...(marker !== undefined ? { partNumberMarker: marker } : {}) }, { signal });
    for (const p of page.parts) if (p.eTag) existing.set(p.partNumber, { eTag: p.eTag, size: p.size });
    if (!page.isTruncated || page.nextPartNumberMarker === undefined || page.nextPartNumberMarker === marker) break;
    marker = page.nextPartNumberMarker;
  }
  return existing;
}

