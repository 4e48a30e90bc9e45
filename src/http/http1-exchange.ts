// One exchange of the HTTP/1.1 transport: a request on a connection, and its answer read by
// http1-response.ts into our ResponseBody (queued-body.ts: the socket paused while a reader is
// more than 1 MiB behind).
import { keepAliveTimeout, type Connection } from './http1-pool.ts';
import { Http1ResponseParser, type Http1Head, type Http1Sink } from './http1-response.ts';
import { networkErrorFrom } from './network-error.ts';
import { QueuedBody } from './queued-body.ts';
import type { HttpRequest, HttpResponse } from './types.ts';

/** One request and its answer on one connection; the answer's body as our ResponseBody. */
export class Exchange extends QueuedBody implements Http1Sink {
  readonly parser: Http1ResponseParser;
  #resolve: ((r: HttpResponse) => void) | undefined;
  #reject: ((e: unknown) => void) | undefined;
  #paused = false;
  /** Set once the request's last byte is written. */
  sent = false;
  /** Any byte of the answer came: a failure after that is not retried on a new connection. */
  answered = false;
  /** Called once, when the answer is all read or has failed. */
  onSettled: (() => void) | undefined;

  constructor(
    readonly req: HttpRequest,
    readonly conn: Connection,
    resolve: (r: HttpResponse) => void,
    reject: (e: unknown) => void,
  ) {
    super();
    this.#resolve = resolve;
    this.#reject = reject;
    this.parser = new Http1ResponseParser(this, req.method === 'HEAD');
  }

  onHead(h: Http1Head): void {
    this.conn.serverKeepAlive = keepAliveTimeout(h.headers['keep-alive']);
    const resolve = this.#resolve;
    this.#resolve = this.#reject = undefined;
    this.headed = true;
    resolve?.({ status: h.status, headers: h.headers, body: this });
  }

  onBody(chunk: Uint8Array): void {
    this.pushChunk(chunk);
  }

  onEnd(): void {
    this.endBody();
    this.#settle();
  }

  /** The connection failed or was dropped: before the head, the request's promise rejects; after, the next read. */
  fail(error: unknown): void {
    const reject = this.#reject;
    // Before the head, send() maps the error; a read of the body gets it mapped here.
    if (!this.failBody(reject ? error : networkErrorFrom(error, this.req))) return;
    this.#resolve = this.#reject = undefined;
    this.#settle();
    reject?.(error);
  }

  #settle(): void {
    const f = this.onSettled;
    this.onSettled = undefined;
    f?.();
  }

  // A connection paused for its reader does not keep the process alive (as a paused node:net
  // socket does not): a body nobody reads does not hold a script that is done. Reading it (resume)
  // holds the process again until the body has come.
  protected pauseSource(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.conn.socket?.pause();
    this.conn.socket?.unref();
  }

  protected resumeSource(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.conn.socket?.ref();
    this.conn.socket?.resume();
  }

  protected dropSource(error: Error): void {
    this.conn.destroy(error);
  }
}
