// Cancellation shared by the managed transfers: one controller per transfer, fired by the caller's
// signal or by the transfer's own first failure, so every request in flight stops together.
import { AbortError } from '../errors.ts';

export interface LinkedController {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  /** Stop listening to the parent signal (the transfer is over). */
  dispose(): void;
}

export function linkedController(parent: AbortSignal | undefined): LinkedController {
  const c = new AbortController();
  const onAbort = () => c.abort(new AbortError('ABORTED', 'the transfer was aborted', { cause: parent!.reason }));
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: c.signal,
    abort: (reason) => {
      if (!c.signal.aborted) c.abort(reason);
    },
    dispose: () => parent?.removeEventListener('abort', onAbort),
  };
}

/**
 * Wait for `p`, or stop waiting when `signal` fires: a source stream that stalls must not hold an
 * aborted transfer. `p` keeps running; its late rejection is swallowed.
 */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
