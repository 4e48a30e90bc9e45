// The Node transport: undici, loaded on the first request (importing it costs ~180 ms of start-up).
import type { Agent as UndiciAgent } from 'undici';
import type { HttpRequest, HttpResponse, ResponseBody, Transport } from './types.ts';
import { networkErrorFrom } from './network-error.ts';
import { toWebStream } from './streams.ts';

export interface UndiciTransportOptions {
  /** Connections per origin (default 64). */
  readonly connections?: number;
  /** Time to wait for response headers, ms (default 60 s). */
  readonly headersTimeout?: number;
  /** Time allowed between two body reads, ms (default 60 s). */
  readonly bodyTimeout?: number;
}

type Readable = NodeJS.ReadableStream & AsyncIterable<Uint8Array> & {
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  dump(opts?: { limit: number }): Promise<void>;
};

function wrapBody(body: Readable): ResponseBody {
  return {
    [Symbol.asyncIterator]: () => (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator](),
    bytes: async () => new Uint8Array(await body.arrayBuffer()),
    text: () => body.text(),
    stream: () => toWebStream(body as AsyncIterable<Uint8Array>),
    discard: () => body.dump({ limit: Number.MAX_SAFE_INTEGER }).catch(() => undefined),
  };
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  let agent: Promise<UndiciAgent> | undefined;
  let closing: Promise<void> | undefined;
  const getAgent = () =>
    (agent ??= import('undici').then(
      ({ Agent }) =>
        new Agent({
          connections: options.connections ?? 64,
          headersTimeout: options.headersTimeout ?? 60_000,
          bodyTimeout: options.bodyTimeout ?? 60_000,
          keepAliveTimeout: 4_000,
        }),
    ));

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const a = await getAgent();
      try {
        const res = await a.request({
          origin: req.origin,
          path: req.path,
          method: req.method as 'GET',
          headers: req.headers,
          body: req.body as never,
          signal: req.signal,
        });
        return { status: res.statusCode, headers: flatten(res.headers), body: wrapBody(res.body as unknown as Readable) };
      } catch (e) {
        throw networkErrorFrom(e, req);
      }
    },
    // Closing twice is fine: the second call waits for the first.
    close() {
      return (closing ??= agent ? agent.then((a) => a.close()) : Promise.resolve());
    },
  };
}
