// Between web ReadableStreams and async iterables, for runtimes where one is not the other.

/** A web ReadableStream pulling from an async iterable (pull-based, so backpressure holds). */
export function toWebStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      const r = await it.next();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * Iterate a web ReadableStream (not every runtime makes them async-iterable). Leaving early
 * cancels the stream, as a stream's own async iterator does: a response body is not left open.
 */
export async function* iterateWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done: boolean | undefined;
  try {
    for (;;) {
      const r = await reader.read();
      if ((done = r.done)) return;
      yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
