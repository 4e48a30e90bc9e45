// Managed download: the first GET (a range of one part) tells the size and the ETag; every later
// range is pinned to that ETag with If-Match, and each answer is checked (Content-Range, ETag,
// byte count), so a download never mixes two versions of an object or stops short unnoticed.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
import { AbortError, ArgumentError, IntegrityError, isServiceError } from '../errors.ts';
import type { GetObjectResult } from '../ops/get-object.ts';
import type { ObjectInfo } from '../ops/object-headers.ts';
import type { S3ClientBase } from '../client.ts';
import { linkedController } from './abort.ts';
import type { TransferProgress } from './upload.ts';

export const DEFAULT_DOWNLOAD_PART_SIZE = 8 * 1024 * 1024;

export interface DownloadInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** Bytes per ranged GET (default 8 MiB). Objects up to one part are fetched with one GET. */
  readonly partSize?: number;
  /** Ranged GETs at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: TransferProgress) => void;
  readonly signal?: AbortSignal | undefined;
}

/** A range of the object: `end` inclusive, as in HTTP. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** The object as the first GET saw it, and how to fetch the rest of that same version. */
export interface PinnedObject {
  readonly info: ObjectInfo;
  readonly total: number;
  /** The first GET's body, checked: bytes 0..firstLength-1. */
  readonly first: AsyncIterable<Uint8Array>;
  readonly firstLength: number;
  /** The ranges still to fetch, in order. */
  readonly ranges: readonly ByteRange[];
  /** GET one range of the pinned version; the body is checked as it is read. */
  fetchRange(range: ByteRange, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

export function checkDownloadOptions(input: DownloadInput): { partSize: number; concurrency: number } {
  const partSize = input.partSize ?? DEFAULT_DOWNLOAD_PART_SIZE;
  const concurrency = input.concurrency ?? 4;
  if (!Number.isSafeInteger(partSize) || partSize < 1) throw new ArgumentError('InvalidPartSize', 'partSize must be a positive whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ArgumentError('InvalidArgument', 'concurrency must be 1..64');
  return { partSize, concurrency };
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** Count a body's bytes as they pass: more or fewer than expected is an IntegrityError. */
async function* counted(body: AsyncIterable<Uint8Array>, start: number, expected: number): AsyncGenerator<Uint8Array> {
  let got = 0;
  for await (const chunk of body) {
    got += chunk.length;
    if (got > expected) throw new IntegrityError('TooManyBytes', `the server sent more than the ${expected} bytes asked for at offset ${start}`);
    yield chunk;
  }
  if (got !== expected) throw new IntegrityError('ShortRead', `expected ${expected} bytes at offset ${start}, got ${got}`);
}

/** Send the first GET and plan the rest. */
export async function openPinned(client: S3ClientBase, input: DownloadInput, partSize: number, signal: AbortSignal): Promise<PinnedObject> {
  const { bucket, key, versionId } = input;
  const where = { bucket, key, ...(versionId !== undefined ? { versionId } : {}) };
  let first: GetObjectResult;
  try {
    first = await client.getObject({ ...where, range: { start: 0, end: partSize - 1 } }, { signal });
  } catch (e) {
    // An empty object has no byte 0: S3 answers 416 InvalidRange. Fetch it whole instead.
    if (!isServiceError(e) || e.status !== 416) throw e;
    first = await client.getObject(where, { signal });
  }
  let total: number;
  let firstLength: number;
  if (first.contentRange === undefined) {
    // No Content-Range: the body is the whole object (the 416 retry, or a server ignoring Range).
    total = first.contentLength;
    firstLength = total;
  } else {
    const m = CONTENT_RANGE.exec(first.contentRange);
    total = Number(m?.[3]);
    firstLength = Math.min(partSize, total);
    if (!m || Number(m[1]) !== 0 || Number(m[2]) !== firstLength - 1 || !Number.isSafeInteger(total)) {
      await first.body.discard();
      throw new IntegrityError('BadContentRange', `asked for bytes 0-${partSize - 1}, the server sent ${first.contentRange}`);
    }
  }
  if (!Number.isSafeInteger(total) || total < 0) throw new IntegrityError('BadContentLength', 'the server sent an unreadable object size');
  const ranges: ByteRange[] = [];
  for (let s = firstLength; s < total; s += partSize) ranges.push({ start: s, end: Math.min(total, s + partSize) - 1 });
  const eTag = first.eTag;
  // Without an ETag (rare), pin by time: If-Unmodified-Since only has second precision.
  const pin = eTag ? { ifMatch: eTag } : first.lastModified ? { ifUnmodifiedSince: first.lastModified } : {};

  const fetchRange = async (r: ByteRange, s: AbortSignal) => {
    const res = await client.getObject({ ...where, ...pin, range: { start: r.start, end: r.end } }, { signal: s });
    const expected = `bytes ${r.start}-${r.end}/${total}`;
    // A server that ignores If-Match still sends the ETag of what it sent: compare it too.
    if (res.contentRange !== expected || (eTag !== undefined && res.eTag !== eTag)) {
      await res.body.discard();
      const changed = res.eTag !== eTag || !res.contentRange?.endsWith('/' + total);
      throw new IntegrityError(
        changed ? 'ObjectChanged' : 'BadContentRange',
        changed ? `the object changed during the download (ETag ${String(eTag)} -> ${String(res.eTag)})` : `asked for ${expected}, the server sent ${String(res.contentRange)}`,
      );
    }
    return counted(res.body, r.start, r.end - r.start + 1);
  };
  return { info: first, total, first: counted(first.body, 0, firstLength), firstLength, ranges, fetchRange };
}

/**
 * Fetch a range ahead of its turn. Its chunks are kept as they arrive, not copied into one buffer,
 * and drain() hands them on, waiting for the rest: the range being read out streams (its chunks
 * die young), and the ranges behind it fill meanwhile.
 */
function readAhead(pinned: PinnedObject, r: ByteRange, signal: AbortSignal) {
  // The chunks so far; `undefined` after the last one marks the end.
  const chunks: (Uint8Array | undefined)[] = [];
  let wake = () => {};
  const settled = (async () => {
    try {
      for await (const chunk of await pinned.fetchRange(r, signal)) {
        chunks.push(chunk);
        wake();
      }
    } finally {
      chunks.push(undefined);
      wake();
    }
  })();
  settled.catch(() => undefined); // drained in order below; a rejection before then is not unhandled
  return {
    settled,
    async *drain(): AsyncGenerator<Uint8Array> {
      for (let i = 0; ; i++) {
        while (i === chunks.length) await new Promise<void>((resolve) => (wake = resolve));
        const chunk = chunks[i];
        if (!chunk) return await settled; // the end, or the range's failure
        chunks[i] = undefined; // handed on: let it go
        yield chunk;
      }
    },
  };
}

export interface DownloadBody extends AsyncIterable<Uint8Array> {
  /** The same bytes as a web ReadableStream (pipe it to a WritableStream). */
  stream(): ReadableStream<Uint8Array>;
  /** Stop: cancels the requests in flight. Needed only if the body is not read to the end. */
  cancel(): Promise<void>;
}

export interface DownloadResult extends ObjectInfo {
  /** The object's size (`contentLength` of this result is that too, not the first range's). */
  readonly contentLength: number;
  /** The bytes in order, `concurrency` ranges in flight at once: memory stays under partSize x concurrency. */
  readonly body: DownloadBody;
}

const stopped = () => new AbortError('ABORTED', 'the download was stopped');

/** Download an object as an ordered stream of bytes, fetched by parallel ranged GETs. */
export async function download(client: S3ClientBase, input: DownloadInput): Promise<DownloadResult> {
  const { partSize, concurrency } = checkDownloadOptions(input);
  const ctl = linkedController(input.signal);
  let pinned: PinnedObject;
  try {
    pinned = await openPinned(client, input, partSize, ctl.signal);
  } catch (e) {
    ctl.dispose();
    throw e;
  }
  const { total } = pinned;
  let started = false;

  async function* ordered(): AsyncGenerator<Uint8Array> {
    started = true;
    // The responses in flight or not yet read out, the first one first: `concurrency` of them at
    // most bounds both connections and memory.
    const ahead: { settled?: Promise<void>; drain(): AsyncIterable<Uint8Array> }[] = [{ drain: () => pinned.first }];
    let next = 0;
    let loaded = 0;
    try {
      for (;;) {
        while (ahead.length < concurrency && next < pinned.ranges.length) ahead.push(readAhead(pinned, pinned.ranges[next++]!, ctl.signal));
        if (ahead.length === 0) break;
        for await (const chunk of ahead[0]!.drain()) {
          if (chunk.length === 0) continue; // no progress, nothing to hand on
          yield chunk;
          input.onProgress?.({ loaded: (loaded += chunk.length), total });
        }
        ahead.shift();
      }
      if (total === 0) input.onProgress?.({ loaded: 0, total: 0 });
    } finally {
      ctl.abort(stopped());
      await Promise.allSettled(ahead.map((a) => a.settled));
      ctl.dispose();
    }
  }

  const gen = ordered();
  const body: DownloadBody = {
    [Symbol.asyncIterator]: () => gen,
    stream: () =>
      new ReadableStream<Uint8Array>({
        async pull(c) {
          const r = await gen.next();
          if (r.done) c.close();
          else c.enqueue(r.value);
        },
        async cancel() {
          await body.cancel();
        },
      }),
    cancel: async () => {
      // A generator never started does not run its finally: release the first response here.
      // Aborting the signal also drops the first response's unread body.
      if (!started) {
        ctl.abort(stopped());
        ctl.dispose();
      }
      await gen.return(undefined);
    },
  };
  return { ...pinned.info, contentLength: total, contentRange: undefined, body };
}
