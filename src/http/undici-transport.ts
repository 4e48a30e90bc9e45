// The Node transport: undici, loaded on the first request. Only its Agent is loaded (~50 ms cold),
// not the package index (~120 ms: fetch, WebSocket, cookies, caches we never use); the version is
// pinned exactly in package.json, so the path inside the package cannot move under us.
import type { Agent as UndiciAgent } from 'undici';
import type { HttpRequest, HttpResponse, Transport } from './types.ts';
import { networkErrorFrom } from './network-error.ts';
import { dispatchRequest } from './undici-response.ts';

export interface UndiciTransportOptions {
  /** Connections per origin (default 64). */
  readonly connections?: number;
  /** Time to wait for response headers, ms (default 60 s). */
  readonly headersTimeout?: number;
  /** Time allowed between two body reads, ms (default 60 s). */
  readonly bodyTimeout?: number;
}

const loadAgent = (): Promise<typeof UndiciAgent> =>
  import('undici/lib/dispatcher/agent.js').then(
    (m) => m.default,
    () => import('undici').then((m) => m.Agent),
  );

export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  let agent: Promise<UndiciAgent> | undefined;
  let ready: UndiciAgent | undefined;
  let closing: Promise<void> | undefined;
  const getAgent = () =>
    (agent ??= loadAgent().then(
      (Agent) =>
        (ready = new Agent({
          connections: options.connections ?? 64,
          headersTimeout: options.headersTimeout ?? 60_000,
          bodyTimeout: options.bodyTimeout ?? 60_000,
          keepAliveTimeout: 4_000,
        })),
    ));

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const a = ready ?? (await getAgent());
      try {
        return await dispatchRequest(
          a,
          {
            origin: req.origin,
            path: req.path,
            method: req.method as 'GET',
            headers: req.headers,
            body: req.body as never,
            // undici closes the connection after every HEAD by default, in case a server sends a
            // body with it (client-h1.js, "Close after a HEAD request"); S3 servers do not, and a
            // new TCP connection per HEAD halved HEAD ops/s at concurrency 32 (bench/clients.ts).
            // reset: false keeps it, as node:http does. (undefined: undici's default, null.)
            reset: req.method === 'HEAD' ? false : undefined,
          },
          req.signal,
        );
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
