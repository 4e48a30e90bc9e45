// One request through undici's dispatch(), answered as our ResponseBody. Our own handler queues
// the body's chunks and pauses the socket above HIGH_WATER bytes, resuming it once the reader has
// taken half of them (queued-body.ts): a slow reader holds at most that much. It does
// what undici's request() does, minus the Node Readable that request() puts between the socket
// and the reader (stream state, events, a 64 KiB high-water mark). In fresh processes, 256 MiB from
// MinIO (bench/ab-cold.ts): first GET 430 -> 634 MiB/s, client CPU 512 -> 410 ms; node:http 627.
import type { Dispatcher } from 'undici';
import { QueuedBody } from './queued-body.ts';
import type { ResponseBody } from './types.ts';

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

class UndiciResponse extends QueuedBody implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #head: { resolve(h: UndiciHead): void; reject(e: unknown): void } | undefined;
  /** Set when the request must stop before undici handed us its controller. */
  #abortReason: Error | undefined;
  #cleanup: (() => void) | undefined;
  #requestBody: unknown;

  constructor(head: { resolve(h: UndiciHead): void; reject(e: unknown): void }, requestBody: unknown) {
    super();
    this.#head = head;
    this.#requestBody = requestBody;
  }

  /** Stop the request: before the answer, its promise rejects; after, the body's next read. */
  abort(reason: Error): void {
    if (this.settled) return;
    if (this.#controller) this.#controller.abort(reason);
    else this.#abortReason = reason;
    this.#fail(reason);
  }

  onCleanup(fn: () => void): void {
    this.#cleanup = fn;
  }

  protected pauseSource(): void {
    this.#controller?.pause();
  }

  protected resumeSource(): void {
    if (this.#controller?.paused) this.#controller.resume();
  }

  protected dropSource(): void {
    this.abort(new Error('the response body was not read to the end'));
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

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.pushChunk(chunk);
  }

  onResponseEnd(): void {
    this.#requestBody = undefined;
    this.#finish();
    this.endBody();
  }

  onResponseError(_c: Dispatcher.DispatchController | undefined, error: Error): void {
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
    const c = this.#cleanup;
    this.#cleanup = undefined;
    c?.();
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
