// The transport for runtimes without undici: the platform's fetch, injected or global.
import type { HttpRequest, HttpResponse, ResponseBody, Transport } from './types.ts';
import { networkErrorFrom } from './network-error.ts';
import { iterateWebStream, toWebStream } from './streams.ts';

function wrapBody(res: Response): ResponseBody {
  const stream = () => res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return {
    // The stream's own iterator where it has one (Node, Bun, Deno, workerd): one layer less per chunk.
    [Symbol.asyncIterator]: () => {
      const s = stream() as ReadableStream<Uint8Array> & Partial<AsyncIterable<Uint8Array>>;
      return s[Symbol.asyncIterator]?.() ?? iterateWebStream(s);
    },
    bytes: async () => new Uint8Array(await res.arrayBuffer()),
    text: () => res.text(),
    stream,
    discard: async () => {
      await res.body?.cancel().catch(() => undefined);
    },
  };
}

export interface FetchTransportOptions {
  /**
   * Turn a stream body of known length into one the runtime sends with that Content-Length.
   * A Content-Length header set by hand does not do it: workerd drops it and sends the stream
   * chunked, which S3 refuses (411 MissingContentLength, or SignatureDoesNotMatch when the length
   * was signed). See src/web/fixed-length.ts.
   */
  readonly sizedStream?: (body: ReadableStream<Uint8Array>, length: number) => ReadableStream<Uint8Array>;
}

export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch, options: FetchTransportOptions = {}): Transport {
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      let body: BodyInit | undefined;
      let duplex: 'half' | undefined;
      const b = req.body;
      if (b === undefined || typeof b === 'string' || b instanceof Uint8Array) body = b as BodyInit | undefined;
      else {
        const stream = b instanceof ReadableStream ? b : toWebStream(b);
        const length = req.headers['content-length'];
        body = options.sizedStream && length !== undefined ? options.sizedStream(stream, Number(length)) : stream;
        duplex = 'half';
      }
      try {
        // fetch sets Host itself (it is a forbidden header name); it is the origin's host anyway.
        const { host: _host, ...sendHeaders } = req.headers;
        const res = await fetchImpl(req.origin + req.path, {
          method: req.method,
          headers: sendHeaders,
          body,
          signal: req.signal,
          redirect: 'manual',
          ...(duplex ? { duplex } : {}),
        } as RequestInit);
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        return { status: res.status, headers, body: wrapBody(res) };
      } catch (e) {
        throw networkErrorFrom(e, req);
      }
    },
    async close() {},
  };
}
