// A response body fed by a socket and read by our ResponseBody: chunks queue while nobody reads,
// the source is paused above HIGH_WATER bytes and resumed once the reader has taken half, so a
// slow reader holds at most that much whatever the body's size. The undici transport
// (undici-response.ts) and the HTTP/1.1 transport (http1-exchange.ts) each say how to pause,
// resume and drop their source.
import { toWebStream } from './streams.ts';
import type { ResponseBody } from './types.ts';

/** Bytes queued before the source is paused (sockets hand over 64 KiB or more at a time). */
export const HIGH_WATER = 1024 * 1024;

const utf8 = new TextDecoder();
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

interface Waiter {
  resolve(r: IteratorResult<Uint8Array>): void;
  reject(e: unknown): void;
}

export abstract class QueuedBody implements ResponseBody, AsyncIterator<Uint8Array> {
  #chunks: Uint8Array[] = [];
  #first = 0;
  #queued = 0;
  #ended = false;
  #failed = false;
  #error: unknown;
  #waiter: Waiter | undefined;
  #discarding = false;
  /** A read was asked for (next, bytes, text, stream, discard, return): someone has the body in hand. */
  #read = false;
  /** The head, with this body, went to the caller (set by the transport's response as it hands it out). */
  protected headed = false;

  /** Stop the source: the reader is behind by HIGH_WATER bytes. */
  protected abstract pauseSource(): void;
  /** Let the source go on, if it was paused. */
  protected abstract resumeSource(): void;
  /** Drop the source (the connection is not read on): the reader left before the end, or the body is given up with `error`. */
  protected abstract dropSource(error: Error): void;

  get settled(): boolean {
    return this.#ended || this.#failed;
  }

  /** A chunk from the source; an empty one is dropped (a reader would take it for progress). */
  protected pushChunk(chunk: Uint8Array): void {
    if (this.#discarding || chunk.length === 0) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ done: false, value: chunk });
      return;
    }
    this.#chunks.push(chunk);
    if ((this.#queued += chunk.length) >= HIGH_WATER) this.pauseSource();
  }

  /** The body's end. */
  protected endBody(): void {
    this.#ended = true;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve(DONE);
    }
  }

  /** The body failed: the next read (or the one waiting) rejects with `error`. False if it had ended already. */
  protected failBody(error: unknown): boolean {
    if (this.#ended || this.#failed) return false;
    this.#failed = true;
    this.#error = error;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.reject(error);
    }
    return true;
  }

  /**
   * The transport is closing: a body handed out but never read, still coming, is given up (its
   * connection dropped, so nothing is left open for it) and its first read rejects with `error`.
   * Nothing is done to a body being read, or one that has all come (it stays readable). True if given up.
   */
  abandonUnread(error: Error): boolean {
    if (!this.headed || this.#read || this.settled) return false;
    this.dropSource(error);
    if (!this.#failed) return false; // it had all come after all (undici's end on its way)
    this.#drop();
    return true;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    this.#read = true;
    if (this.#first < this.#chunks.length) {
      const chunk = this.#chunks[this.#first]!;
      this.#chunks[this.#first++] = undefined as never;
      if (this.#first === this.#chunks.length) {
        this.#chunks.length = 0;
        this.#first = 0;
      }
      // Resuming may hand the source's buffered bytes to pushChunk at once, before this returns.
      if ((this.#queued -= chunk.length) <= HIGH_WATER / 2 && !this.#failed) this.resumeSource();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#failed) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve(DONE);
    this.resumeSource();
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** The reader stopped early (`break` in `for await`): the source is dropped, not read on. */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.#read = true;
    this.#drop();
    if (!this.settled) this.dropSource(new Error('the response body was not read to the end'));
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this;
  }

  async bytes(): Promise<Uint8Array> {
    // All of it here already (a small body comes in the same read as its head): one copy, no
    // waits. A copy, not the chunk: that is a view into the socket's read, head and all. And a
    // plain Uint8Array: chunks are Buffers in Node and Bun, whose slice() is a view.
    this.#read = true;
    if (this.#ended && this.#first === this.#chunks.length - 1) {
      const only = this.#chunks[this.#first]!;
      this.#drop();
      return new Uint8Array(only);
    }
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

  /** Read and drop the rest, so the connection is reused; a failure is ignored. */
  discard(): Promise<void> {
    this.#read = true;
    this.#drop();
    if (this.settled) return Promise.resolve();
    this.#discarding = true;
    const done = new Promise<void>((resolve) => (this.#waiter = { resolve: () => resolve(), reject: () => resolve() }));
    this.resumeSource();
    return done;
  }

  #drop(): void {
    this.#chunks = [];
    this.#first = 0;
    this.#queued = 0;
  }
}
