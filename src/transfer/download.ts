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

/**
 * A body whose bytes are counted as they pass: more or fewer than expected is an IntegrityError.
 * An iterator, not an async generator: it sits on every chunk's path, and a generator costs a
 * few more promise hops per chunk (noticeable while the process is still cold).
 */
class CountedBody implements AsyncIterableIterator<Uint8Array> {
  readonly #it: AsyncIterator<Uint8Array>;
  readonly #start: number;
  readonly #expected: number;
  #got = 0;

  constructor(body: AsyncIterable<Uint8Array>, start: number, expected: number) {
    this.#it = body[Symbol.asyncIterator]();
    this.#start = start;
    this.#expected = expected;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    return this.#it.next().then((r) => {
      if (r.done) {
        if (this.#got !== this.#expected) throw new IntegrityError('ShortRead', `expected ${this.#expected} bytes at offset ${this.#start}, got ${this.#got}`);
      } else if ((this.#got += r.value.length) > this.#expected) {
        void this.return();
        throw new IntegrityError('TooManyBytes', `the server sent more than the ${this.#expected} bytes asked for at offset ${this.#start}`);
      }
      return r;
    });
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    await this.#it.return?.();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
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
    return new CountedBody(res.body, r.start, r.end - r.start + 1);
  };
  return { info: first, total, first: new CountedBody(first.body, 0, firstLength), firstLength, ranges, fetchRange };
}

/**
 * A range fetched ahead of its turn. Its chunks are kept as they arrive, not copied into one
 * buffer, and taken out in order, the rest waited for if the range is still coming: the range
 * being read out streams, and the ranges behind it fill meanwhile.
 */
class RangeAhead {
  #chunks: (Uint8Array | undefined)[] = [];
  #taken = 0;
  #done = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;
  /** Settles (never rejects) once the range is in or has failed. */
  readonly settled: Promise<void>;

  constructor(pinned: PinnedObject, r: ByteRange, signal: AbortSignal) {
    this.settled = this.#fetch(pinned, r, signal);
  }

  async #fetch(pinned: PinnedObject, r: ByteRange, signal: AbortSignal): Promise<void> {
    try {
      for await (const chunk of await pinned.fetchRange(r, signal)) {
        this.#chunks.push(chunk);
        this.#signal();
      }
    } catch (e) {
      this.#failure = { error: e };
    }
    this.#done = true;
    this.#signal();
  }

  #signal(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /** The next chunk if it has arrived. */
  take(): Uint8Array | undefined {
    if (this.#taken === this.#chunks.length) return undefined;
    const chunk = this.#chunks[this.#taken];
    this.#chunks[this.#taken++] = undefined; // handed on: let it go
    return chunk;
  }

  /** With nothing to take: true at the end of the range; throws its failure. */
  ended(): boolean {
    if (this.#failure) throw this.#failure.error;
    return this.#done;
  }

  /** Resolves when the next chunk, the end or a failure arrives. */
  arrival(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }
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
    // The ranges in flight or not yet read out, the one being read out first. Holding `concurrency`
    // of them, the first response included, bounds both connections and memory.
    const ahead: RangeAhead[] = [];
    let next = 0;
    let loaded = 0;
    const fill = (inFlight: number) => {
      while (ahead.length + inFlight < concurrency && next < pinned.ranges.length) {
        ahead.push(new RangeAhead(pinned, pinned.ranges[next++]!, ctl.signal));
      }
    };
    const emit = (n: number) => {
      loaded += n;
      input.onProgress?.({ loaded, total });
    };
    try {
      fill(1);
      for await (const chunk of pinned.first) {
        yield chunk;
        emit(chunk.length);
      }
      if (total === 0) input.onProgress?.({ loaded: 0, total: 0 });
      for (fill(0); ahead.length > 0; fill(0)) {
        const range = ahead[0]!;
        for (;;) {
          const chunk = range.take();
          if (chunk) {
            yield chunk;
            emit(chunk.length);
          } else if (range.ended()) break;
          else await range.arrival();
        }
        ahead.shift();
      }
    } finally {
      ctl.abort(stopped());
      await Promise.all(ahead.map((a) => a.settled));
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
