// The Node transport: undici, loaded on the first request. Only its Agent is loaded (~50 ms cold),
// not the package index (~120 ms: fetch, WebSocket, cookies, caches we never use); the version is
// pinned exactly in package.json, so the path inside the package cannot move under us.
import type { Agent as UndiciAgent } from 'undici';
import { ArgumentError } from '../errors.ts';
import { checkOption } from './http1-transport.ts';
import { TLS_WRITE_SLICE, tlsConnectOptions, type TlsOptions } from './tls-options.ts';
import type { HttpRequest, HttpResponse, Transport } from './types.ts';
import { closedUnread, networkErrorFrom } from './network-error.ts';
import { dispatchRequest, type LiveResponses } from './undici-response.ts';

export type { TlsOptions } from './tls-options.ts';

export interface UndiciTransportOptions {
  /** Connections per origin (default 64). */
  readonly connections?: number;
  /** Time to wait for response headers, ms (default 60 s). */
  readonly headersTimeout?: number;
  /** Time allowed between two body reads, ms (default 60 s). */
  readonly bodyTimeout?: number;
  /**
   * How long an idle connection is kept for the next request, ms (default 20 s). A server's hint
   * (`Keep-Alive: timeout=5`, as Node's http server and Apache send) takes it down to 2 s below
   * the server's (undici's keepAliveTimeoutThreshold); MinIO, which sends none, closes idle
   * connections after 30 s. undici's own default, 4 s, made every burst of requests more than 4 s after the last open its connections
   * again, on https a TLS handshake each (~2.6 ms of CPU here): 640 HEADs at concurrency 32 after
   * 5-9 s idle on an https MinIO, 1,872 ops/s and 423 µs of CPU each with 4 s, 3,662 and 163 with
   * 20 s (bench/README.md).
   */
  readonly keepAliveTimeout?: number;
  /** For https endpoints: whom to trust, beside or instead of Node's certificate store. */
  readonly tls?: TlsOptions;
}

function checkMs(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new ArgumentError('InvalidTransportOption', `${name} must be a number of milliseconds (0 or more), got ${String(v)}`);
  return v;
}

/** Bodies larger than this go to an https socket a slice at a time (see `sliced`). */
const SLICED_ABOVE = 1024 * 1024;

/**
 * A large body as slices (TLS_WRITE_SLICE, tls-options.ts, which says why) that undici writes one
 * by one, waiting for `drain` between them. Over http a socket holds the caller's buffer, not a
 * copy, so bodies go whole there.
 */
function* sliced(body: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < body.length; at += TLS_WRITE_SLICE) yield body.subarray(at, at + TLS_WRITE_SLICE);
}

const loadAgent = (): Promise<typeof UndiciAgent> =>
  import('undici/lib/dispatcher/agent.js').then(
    (m) => m.default,
    () => import('undici').then((m) => m.Agent),
  );

/** The Node default: undici's Agent, loaded on the first request. */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  // Checked here, before any request: a bad option is the caller's mistake, not a network error.
  const connections = checkOption('connections', options.connections ?? 64, true);
  const headersTimeout = checkMs('headersTimeout', options.headersTimeout ?? 60_000);
  const bodyTimeout = checkMs('bodyTimeout', options.bodyTimeout ?? 60_000);
  const keepAliveTimeout = checkMs('keepAliveTimeout', options.keepAliveTimeout ?? 20_000);
  // undici refuses 0 (when it makes its Agent, at the first request): refused here, at once.
  if (keepAliveTimeout === 0) throw new ArgumentError('InvalidTransportOption', 'keepAliveTimeout must be more than 0 ms');
  const connect = tlsConnectOptions(options.tls);
  let agent: Promise<UndiciAgent> | undefined;
  let ready: UndiciAgent | undefined;
  let closing: Promise<void> | undefined;
  const live: LiveResponses = new Set();
  const getAgent = () =>
    (agent ??= loadAgent().then(
      (Agent) =>
        (ready = new Agent({
          connections,
          headersTimeout,
          bodyTimeout,
          keepAliveTimeout,
          ...(connect ? { connect } : {}),
        })),
    ));

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const a = ready ?? (await getAgent());
      let body: HttpRequest['body'] | Iterable<Uint8Array> = req.body;
      let headers = req.headers;
      if (body instanceof Uint8Array && body.length > SLICED_ABOVE && req.origin.startsWith('https:')) {
        // An iterable has no length of its own: without the header undici would send it chunked.
        headers = Object.assign({}, headers, { 'content-length': String(body.length) });
        body = sliced(body);
      }
      try {
        return await dispatchRequest(
          a,
          {
            origin: req.origin,
            path: req.path,
            method: req.method as 'GET',
            headers,
            body: body as never,
            // undici closes the connection after every HEAD by default, in case a server sends a
            // body with it (client-h1.js, "Close after a HEAD request"); S3 servers do not, and a
            // new TCP connection per HEAD halved HEAD ops/s at concurrency 32 (bench/clients.ts).
            // reset: false keeps it, as node:http does. (undefined: undici's default, null.)
            reset: req.method === 'HEAD' ? false : undefined,
          },
          req.signal,
          live,
        );
      } catch (e) {
        throw networkErrorFrom(e, req);
      }
    },
    // undici's close() waits for every request to end, and one whose body is never read never
    // does: a body handed out and not read is given up first (its reads fail with closedUnread()).
    // Closing twice is fine: the second call waits for the first.
    close() {
      const unread = closedUnread();
      for (const r of [...live]) r.abandonUnread(unread);
      return (closing ??= agent ? agent.then((a) => a.close()) : Promise.resolve());
    },
  };
}
