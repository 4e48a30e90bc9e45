// Managed upload: a single PUT below one part, else a multipart upload whose parts are read one at
// a time and sent `concurrency` at once. Memory stays near partSize x (concurrency + 1), whatever
// the size. Any failure, or the signal, aborts the multipart upload: nothing is left behind.
import { AbortError, ArgumentError } from '../errors.ts';
import type { BodyInput } from '../ops/body.ts';
import { iterate, prepareBody } from '../ops/body.ts';
import type { CompletedPart } from '../ops/multipart.ts';
import type { ObjectWriteHeaders } from '../ops/object-headers.ts';
import type { S3ClientBase } from '../client.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

export interface UploadProgress {
  /** Bytes the server has acknowledged. */
  readonly loaded: number;
  /** Total bytes, when known. */
  readonly total: number | undefined;
  readonly partNumber?: number;
}

export interface UploadInput extends ObjectWriteHeaders {
  readonly bucket: string;
  readonly key: string;
  readonly body: BodyInput;
  /** Length of a stream body, if known (lets the part size be planned up front). */
  readonly contentLength?: number;
  /** Bytes per part (default 8 MiB; at least 5 MiB). Grows if needed to fit 10,000 parts. */
  readonly partSize?: number;
  /** Parts in flight at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: UploadProgress) => void;
  readonly signal?: AbortSignal | undefined;
  /** Continue this multipart upload: parts already there (same size and ETag) are skipped. */
  readonly uploadId?: string;
}

export interface UploadResult {
  readonly eTag: string | undefined;
  readonly versionId: string | undefined;
  readonly requestId: string | undefined;
  /** Set when the object was sent in parts. */
  readonly uploadId?: string;
  readonly parts?: number;
}

/** Part size for part `n` of a body of unknown length: doubles every 1000 parts, so 10,000 parts reach past 5 TiB. */
export function partSizeFor(n: number, base: number): number {
  return Math.min(MAX_PART_SIZE, base * 2 ** Math.floor((n - 1) / 1000));
}

/** Plan a base part size for a known total so that it fits in 10,000 parts. */
export function planPartSize(total: number | undefined, requested: number): number {
  if (total === undefined) return requested;
  return Math.max(requested, Math.ceil(total / MAX_PARTS));
}

/** Read exactly `size` bytes (fewer at the end) from an iterator, holding one part. */
async function readPart(it: AsyncIterator<Uint8Array>, carry: { rest: Uint8Array | undefined }, size: number): Promise<Uint8Array | undefined> {
  const buf = new Uint8Array(size);
  let used = 0;
  while (used < size) {
    let piece = carry.rest;
    carry.rest = undefined;
    if (!piece) {
      const r = await it.next();
      if (r.done) break;
      piece = r.value;
    }
    const n = Math.min(size - used, piece.length);
    buf.set(piece.subarray(0, n), used);
    used += n;
    if (n < piece.length) carry.rest = piece.subarray(n);
  }
  if (used === 0) return undefined;
  return used === size ? buf : buf.subarray(0, used);
}

export async function upload(client: S3ClientBase, input: UploadInput): Promise<UploadResult> {
  const requested = input.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(requested) || requested < MIN_PART_SIZE || requested > MAX_PART_SIZE) {
    throw new ArgumentError('InvalidPartSize', `partSize must be ${MIN_PART_SIZE}..${MAX_PART_SIZE} bytes`);
  }
  const concurrency = input.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ArgumentError('InvalidArgument', 'concurrency must be 1..64');
  const prepared = prepareBody(input.body, input.contentLength);
  const total = prepared.length;
  if (total !== undefined && total > MAX_PART_SIZE * MAX_PARTS) throw new ArgumentError('EntityTooLarge', 'the body is larger than S3 allows (5 TiB)');
  const base = planPartSize(total, requested);
  const { signal, onProgress } = input;
  const checkAbort = () => {
    if (signal?.aborted) throw new AbortError('ABORTED', 'the upload was aborted', { cause: signal.reason });
  };
  checkAbort();
  const { body: _b, contentLength: _l, partSize: _p, concurrency: _c, onProgress: _o, signal: _s, uploadId: resumeId, ...headers } = input;

  const it = iterate(prepared.body)[Symbol.asyncIterator]();
  const carry: { rest: Uint8Array | undefined } = { rest: undefined };
  const first = await readPart(it, carry, partSizeFor(1, base));
  const second = first && first.length === partSizeFor(1, base) ? await readPart(it, carry, partSizeFor(2, base)) : undefined;

  if (!second && !resumeId) {
    // One part or less: a plain PUT.
    const data = first ?? new Uint8Array(0);
    const r = await client.putObject({ ...headers, body: data }, { signal });
    onProgress?.({ loaded: data.length, total: data.length });
    return { eTag: r.eTag, versionId: r.versionId, requestId: r.requestId };
  }

  const uploadId = resumeId ?? (await client.createMultipartUpload(headers, { signal })).uploadId;
  const existing = new Map<number, { eTag: string; size: number }>();
  if (resumeId) {
    for (let marker: number | undefined; ; ) {
      const page = await client.listParts({ bucket: input.bucket, key: input.key, uploadId, partNumberMarker: marker }, { signal });
      // A part listed without an ETag (s3s-fs) cannot be checked: it is sent again.
      for (const p of page.parts) if (p.eTag) existing.set(p.partNumber, { eTag: p.eTag, size: p.size });
      if (!page.isTruncated || page.nextPartNumberMarker === undefined) break;
      marker = page.nextPartNumberMarker;
    }
  }
  const parts: CompletedPart[] = [];
  let loaded = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const sendPart = async (partNumber: number, data: Uint8Array) => {
    const have = existing.get(partNumber);
    if (have && have.size === data.length && have.eTag.replace(/"/g, '') === (await client.md5Hex(data))) {
      parts.push({ partNumber, eTag: have.eTag });
    } else {
      const r = await client.uploadPart({ bucket: input.bucket, key: input.key, uploadId, partNumber, body: data }, { signal });
      parts.push({ partNumber, eTag: r.eTag });
    }
    loaded += data.length;
    onProgress?.({ loaded, total, partNumber });
  };

  try {
    let partNumber = 0;
    let next: Uint8Array | undefined = first;
    let pending: Uint8Array | undefined = second;
    while (next) {
      checkAbort();
      partNumber++;
      if (partNumber > MAX_PARTS) throw new ArgumentError('EntityTooLarge', 'the body needs more than 10,000 parts');
      const p = sendPart(partNumber, next).catch((e: unknown) => {
        failure ??= e;
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      next = undefined;
      // Backpressure: read the next part only when a slot is free.
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) throw failure;
      if (pending) [next, pending] = [pending, undefined];
      else next = await readPart(it, carry, partSizeFor(partNumber + 1, base));
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    checkAbort();
    parts.sort((a, b) => a.partNumber - b.partNumber);
    const done = await client.completeMultipartUpload({ bucket: input.bucket, key: input.key, uploadId, parts }, { signal });
    return { eTag: done.eTag, versionId: done.versionId, requestId: done.requestId, uploadId, parts: parts.length };
  } catch (e) {
    await Promise.allSettled(inFlight);
    await it.return?.(undefined);
    // Abort without the caller's signal: it may be the reason we are here.
    await client.abortMultipartUpload({ bucket: input.bucket, key: input.key, uploadId }).catch(() => undefined);
    throw e;
  }
}
