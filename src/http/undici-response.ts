// One request through undici's dispatch(), answered as our ResponseBody. Our own handler queues
// the body's chunks and pauses the socket above HIGH_WATER bytes, resuming it once the reader has
// taken half of them (queued-body.ts): a slow reader holds at most that much, and the last 256 KiB
// of a body (UNPAUSED_TAIL, below). It does
// what undici's request() does, minus the Node Readable that request() puts between the socket
// and the reader (stream state, events, a 64 KiB high-water mark). In fresh processes, 256 MiB from
// MinIO (bench/ab-cold.ts): first GET 430 -> 634 MiB/s, client CPU 512 -> 410 ms; node:http 627.
// The handler is undici's own interface (onConnect, onHeaders, onData, onComplete, onError), what
// its core calls: a handler of the newer one (onRequestStart, onResponseStart...) is wrapped in
// undici's UnwrapHandler, which turns the raw header Buffers into an object (parseHeaders) that
// we then flattened, a Buffer-to-string call into C++ per name and per value (~250 ns each here).
// Here the head becomes one string and names and values are cut out of it (header-names.ts). For
// MinIO's 16 headers in a loop on Node 20: 8-12 us before, 6-9 us now, most of what is left being
// each Buffer's .buffer and .byteOffset (50-70 and 15-20 ns a read); in situ, with the undici
// wrapper gone too, 5-10% less client CPU per small request (bench/ab-node-canned.ts).
import type { Dispatcher } from 'undici';
import { headerName, latin1 } from './header-names.ts';
import { QueuedBody } from './queued-body.ts';
import type { ResponseBody } from './types.ts';

export interface UndiciHead {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly body: ResponseBody;
}

/**
 * undici's raw headers (name, value, name, value... as Buffers, undici's llhttp having checked
 * them) as lower-case names, repeated ones joined with `, `, values read as ISO-8859-1. llhttp
 * leaves a value's trailing spaces and tabs on; they are not part of it (RFC 9110 section 5.5) and
 * go, as in the Bun transport's reader.
 */
export function headersOf(raw: readonly Uint8Array[]): Record<string, string> {
  const out: Record<string, string> = {};
  const n = raw.length - (raw.length & 1);
  if (n === 0) return out;
  // The Buffers are views of the socket's chunk, in order, unless the head came in several
  // chunks (undici then concatenates the pieces of a split name or value into a Buffer of its own).
  const first = raw[0]!;
  const { buffer } = first;
  const base = first.byteOffset;
  let end = base;
  for (let i = 0; i < n; i++) {
    const b = raw[i]!;
    if (b.buffer !== buffer || b.byteOffset < end) {
      end = -1;
      break;
    }
    end = b.byteOffset + b.length;
  }
  const text = end < 0 ? '' : Buffer.from(buffer, base, end - base).toString('latin1');
  for (let i = 0; i < n; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    // Each piece read out of `text`, or, when the head came in pieces, decoded on its own.
    const nt = end < 0 ? latin1(name, 0, name.length) : text;
    const at = end < 0 ? 0 : name.byteOffset - base;
    const k = headerName(nt, at, at + name.length);
    const vt = end < 0 ? latin1(value, 0, value.length) : text;
    const vs = end < 0 ? 0 : value.byteOffset - base;
    let ve = vs + value.length;
    while (ve > vs && (vt.charCodeAt(ve - 1) === 32 || vt.charCodeAt(ve - 1) === 9)) ve--;
    const v = vt.slice(vs, ve);
    const prev = out[k];
    out[k] = prev === undefined ? v : prev + ', ' + v;
  }
  return out;
}

/**
 * A body with no more than this left to come is not paused for its reader: it is taken in whole
 * (the queue holds HIGH_WATER and this much at most). Paused with a little left, undici's socket
 * holds what is left in its stream buffer, below its high-water mark, and keeps reading, ref'd,
 * for the rest of an answer that has all come: a process done with its work, that left such a
 * body unread, waited until the server closed the connection (30 s on MinIO; bodies of 1,024 to
 * ~1,100 KiB here). Taken in, the answer ends and undici frees its socket.
 */
const UNPAUSED_TAIL = 256 * 1024;

class UndiciResponse extends QueuedBody implements Dispatcher.DispatchHandler {
  #abort: ((reason: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #paused = false;
  #head: { resolve(h: UndiciHead): void; reject(e: unknown): void } | undefined;
  /** Set when the request must stop before undici handed us its abort function. */
  #abortReason: Error | undefined;
  #cleanup: (() => void) | undefined;
  #requestBody: unknown;
  /** undici has read the whole answer: the end is on its way to the reader (onComplete). */
  #complete = false;
  /** Body bytes still to come, by the answer's content-length (Infinity when it has none). */
  #left = Infinity;

  constructor(
    head: { resolve(h: UndiciHead): void; reject(e: unknown): void },
    requestBody: unknown,
    readonly live: LiveResponses | undefined,
  ) {
    super();
    this.#head = head;
    this.#requestBody = requestBody;
    live?.add(this);
  }

  /** Stop the request: before the answer, its promise rejects; after, the body's next read. */
  abort(reason: Error): void {
    if (this.settled || this.#complete) return;
    if (this.#abort) this.#abort(reason);
    else this.#abortReason = reason;
    this.#fail(reason);
  }

  onCleanup(fn: () => void): void {
    this.#cleanup = fn;
  }

  protected pauseSource(): void {
    this.#paused = true;
  }

  protected resumeSource(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#resume?.();
  }

  protected dropSource(error: Error): void {
    this.abort(error);
  }

  onConnect(abort: (reason: Error) => void): void {
    this.#abort = abort;
    if (this.#abortReason) abort(this.#abortReason);
  }

  /** False pauses the socket (the body queue is full); undici then waits for `resume`. */
  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    if (status < 200) return true; // 1xx: the real answer follows
    this.#resume = resume;
    const head = this.#head;
    this.#head = undefined;
    this.headed = true;
    const headers = headersOf(raw);
    const length = Number(headers['content-length']);
    if (Number.isSafeInteger(length) && length >= 0) this.#left = length;
    head?.resolve({ status, headers, body: this });
    return !this.#paused;
  }

  onData(chunk: Buffer): boolean {
    this.#left -= chunk.length;
    this.pushChunk(chunk);
    if (this.#paused && this.#left <= UNPAUSED_TAIL) this.#paused = false;
    return !this.#paused;
  }

  onComplete(): void {
    this.#requestBody = undefined;
    this.#complete = true;
    this.#finish();
    // The reader hears of the end only after undici offers the connection again, a setImmediate
    // after this call (client-h1.js, onMessageComplete, with pipelining 1): a microtask runs once
    // undici has queued its Immediate, so ours comes after it, in the same turn of the event loop.
    // A caller's next request then finds this connection free instead of opening another.
    queueMicrotask(() => setImmediate(() => this.endBody()));
  }

  onError(error: Error): void {
    this.#fail(error);
  }

  #fail(error: unknown): void {
    if (!this.failBody(error)) return;
    this.#finish();
    // A request body stream still being sent is destroyed with the failure, as request() does.
    const b = this.#requestBody as { destroy?: (e: unknown) => void; on?: (ev: string, f: () => void) => void } | undefined;
    if (b && typeof b.destroy === 'function' && typeof b.on === 'function') {
      b.on('error', () => undefined);
      b.destroy(error);
    }
    const head = this.#head;
    this.#head = undefined;
    head?.reject(error);
  }

  #finish(): void {
    this.live?.delete(this);
    const c = this.#cleanup;
    this.#cleanup = undefined;
    c?.();
  }
}

/** The answers of a transport still coming in (their requests sent, or their bodies being read). */
export type LiveResponses = Set<{ abandonUnread(error: Error): boolean }>;

/**
 * Send `opts` through `dispatcher`; resolves at the response headers. Errors are undici's own (the
 * caller maps them), and `signal`'s reason when it fires, before or during the body. The answer
 * is in `live` until undici has read all of it, or it failed.
 */
export function dispatchRequest(dispatcher: Dispatcher, opts: Dispatcher.DispatchOptions, signal?: AbortSignal, live?: LiveResponses): Promise<UndiciHead> {
  return new Promise<UndiciHead>((resolve, reject) => {
    const res = new UndiciResponse({ resolve, reject }, opts.body, live);
    if (signal) {
      if (signal.aborted) return res.abort(signal.reason as Error);
      const onAbort = () => res.abort(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      res.onCleanup(() => signal.removeEventListener('abort', onAbort));
    }
    dispatcher.dispatch(opts, res);
  });
}
