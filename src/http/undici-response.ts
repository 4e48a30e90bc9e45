// One request through undici's dispatch(), answered as our ResponseBody. Our own handler queues
// the body's chunks and pauses the socket above HIGH_WATER bytes, resuming it once the reader has
// taken half of them: a slow reader holds at most that much, whatever the body's size. It does
// what undici's request() does, minus the Node Readable that request() puts between the socket
// and the reader (stream state, events, a 64 KiB high-water mark). In fresh processes, 256 MiB from
// MinIO (bench/ab-cold.ts): first GET 430 -> 634 MiB/s, client CPU 512 -> 410 ms; node:http 627.
import type { Dispatcher } from 'undici';
import { toWebStream } from './streams.ts';
import type { ResponseBody } from './types.ts';

/** Bytes queued before the socket is paused (the socket reads 64 KiB at a time). */
const HIGH_WATER = 1024 * 1024;

const utf8 = new TextDecoder();
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

interface Waiter {
  resolve(r: IteratorResult<Uint8Array>): void;
  reject(e: unknown): void;
}

export interface UndiciHead {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly body: ResponseBody;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

class UndiciResponse implements Dispatcher.DispatchHandler, ResponseBody, AsyncIterator<Uint8Array> {
  #controller: Dispatcher.DispatchController | undefined;
  #head: { resolve(h: UndiciHead): void; reject(e: unknown): void } | undefined;
  #chunks: Buffer[] = [];
  #first = 0;
  #queued = 0;
  #ended = false;
  #failed = false;
  #error: unknown;
  #waiter: Waiter | undefined;
  #discarding = false;
  /** Set when the request must stop before undici handed us its controller. */
  #abortReason: Error | undefined;
  #cleanup: (() => void) | undefined;
  #requestBody: unknown;

  constructor(head: { resolve(h: UndiciHead): void; reject(e: unknown): void }, requestBody: unknown) {
    this.#head = head;
    this.#requestBody = requestBody;
  }

  /** Stop the request: before the answer, its promise rejects; after, the body's next read. */
  abort(reason: Error): void {
    if (this.#ended || this.#failed) return;
    if (this.#controller) this.#controller.abort(reason);
    else this.#abortReason = reason;
    this.#fail(reason);
  }

  onCleanup(fn: () => void): void {
    this.#cleanup = fn;
  }


  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason) controller.abort(this.#abortReason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status < 200) return; // 1xx: the real answer follows
    const head = this.#head;
    this.#head = undefined;
    head?.resolve({ status, headers: flatten(headers), body: this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#discarding) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ done: false, value: chunk });
      return;
    }
    this.#chunks.push(chunk);
    if ((this.#queued += chunk.length) >= HIGH_WATER) controller.pause();
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#requestBody = undefined;
    this.#finish();
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve(DONE);
    }
  }

  onResponseError(_c: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#fail(error);
  }

  #fail(error: unknown): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = error;
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
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.reject(error);
    }
  }

  #finish(): void {
    const c = this.#cleanup;
    this.#cleanup = undefined;
    c?.();
  }


  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#first < this.#chunks.length) {
      const chunk = this.#chunks[this.#first]!;
      this.#chunks[this.#first++] = undefined as never;
      if (this.#first === this.#chunks.length) {
        this.#chunks.length = 0;
        this.#first = 0;
      }
      this.#queued -= chunk.length;
      // Resuming may hand undici's buffered bytes to onResponseData at once, before this returns.
      if (this.#controller?.paused && this.#queued <= HIGH_WATER / 2 && !this.#failed) this.#controller.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#failed) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve(DONE);
    if (this.#controller?.paused) this.#controller.resume();
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** The reader stopped early (`break` in `for await`): drop the connection, as request() does. */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.#drop();
    if (!this.#ended && !this.#failed) this.abort(new Error('the response body was not read to the end'));
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this;
  }

  async bytes(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (let r = await this.next(); !r.done; r = await this.next()) {
      chunks.push(r.value);
      length += r.value.length;
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** UTF-8, a leading BOM dropped (as undici's text() does). */
  async text(): Promise<string> {
    return utf8.decode(await this.bytes());
  }

  stream(): ReadableStream<Uint8Array> {
    return toWebStream(this);
  }

  /** Read and drop the rest, so the connection goes back to the pool; a failure is ignored. */
  discard(): Promise<void> {
    this.#drop();
    if (this.#ended || this.#failed) return Promise.resolve();
    this.#discarding = true;
    const done = new Promise<void>((resolve) => (this.#waiter = { resolve: () => resolve(), reject: () => resolve() }));
    if (this.#controller?.paused) this.#controller.resume();
    return done;
  }

  #drop(): void {
    this.#chunks = [];
    this.#first = 0;
    this.#queued = 0;
  }
}

/**
 * Send `opts` through `dispatcher`; resolves at the response headers. Errors are undici's own (the
 * caller maps them), and `signal`'s reason when it fires, before or during the body.
 */
export function dispatchRequest(dispatcher: Dispatcher, opts: Dispatcher.DispatchOptions, signal?: AbortSignal): Promise<UndiciHead> {
  return new Promise<UndiciHead>((resolve, reject) => {
    const res = new UndiciResponse({ resolve, reject }, opts.body);
    if (signal) {
      if (signal.aborted) return res.abort(signal.reason as Error);
      const onAbort = () => res.abort(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      res.onCleanup(() => signal.removeEventListener('abort', onAbort));
    }
    dispatcher.dispatch(opts, res);
  });
}
