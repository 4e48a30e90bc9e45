// HTTP/1.1 of our own on TCP sockets, kept alive and pooled per origin as undici's Agent does:
// the request head written as one string, the answer read by http1-response.ts. Under Bun on
// Bun.connect's sockets (bun-transport.ts, the bun entry's transport), on Node on node:net's
// (net-transport.ts, a choice beside undici); https origins on the runtime's TLS sockets, whose
// connector checks the certificate as the runtime is set up to.
import { ArgumentError } from '../errors.ts';
import { Exchange } from './http1-exchange.ts';
import { isTimeout, Pool, type Connection, type TcpConnect } from './http1-pool.ts';
import { Http1ParseError } from './http1-response.ts';
import { closedUnread, networkErrorFrom } from './network-error.ts';
import { iterateWebStream } from './streams.ts';
import type { HttpRequest, HttpResponse, RequestBody, Transport } from './types.ts';

export interface Http1TransportOptions {
  /** Connections per origin (default 64). */
  readonly connections?: number;
  /** Seconds without a byte while a request is out before it fails (default 60). */
  readonly timeout?: number;
  /**
   * Seconds an idle connection is kept for the next request (default 20, as undiciTransport's
   * keepAliveTimeout). A server's hint (`Keep-Alive: timeout=5`, as Node's http server and Apache
   * send) takes it down to 2 s below the server's, as undici does; a hint of 2 s or less, to none.
   */
  readonly keepAlive?: number;
  /** Seconds to wait for a connection to open (default 10, as undici's). */
  readonly connectTimeout?: number;
}

/** A stream body (not resendable) reuses only a connection idle for at most this long. */
const STREAM_MAX_IDLE_MS = 1000;
/** A body up to this size goes out in one write with the head. */
const COALESCE = 64 * 1024;
/** What a header value or request line may hold on the fast path: printable ASCII and tab. */
const NOT_ASCII = /[^\t\x20-\x7e]/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A request target as it goes on the wire: already percent-encoded, no space or control. */
const TARGET = /^[\x21-\x7e]+$/;
const utf8 = new TextEncoder();
const CRLF = utf8.encode('\r\n');
const LAST_CHUNK = utf8.encode('0\r\n\r\n');
/** PUT and POST always say how long their body is (S3 answers 411 without it). */
const LENGTH_REQUIRED = new Set(['PUT', 'POST', 'PATCH']);

function bodyBytes(b: RequestBody | undefined): Uint8Array | undefined {
  return typeof b === 'string' ? utf8.encode(b) : (b as Uint8Array | undefined);
}

/**
 * The request line and headers: an ASCII string as it goes on the wire, or its bytes where a value
 * holds characters U+0080-U+00FF (sent as one byte each, as Node's http and undici send them).
 */
function requestHead(req: HttpRequest, length: number | undefined, chunked: boolean): string | Uint8Array {
  if (!TOKEN.test(req.method) || !TARGET.test(req.path)) throw new ArgumentError('InvalidRequest', 'the request line holds a space, a control character or a character outside ASCII');
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  let ascii = true;
  const h = req.headers;
  for (const k in h) {
    const v = h[k]!;
    if (NOT_ASCII.test(v) || !TOKEN.test(k)) {
      if (!TOKEN.test(k)) throw new ArgumentError('InvalidHeader', `${JSON.stringify(k)} is not a header name`);
      if (!HEADER_VALUE.test(v)) throw new ArgumentError('InvalidHeader', `header ${k} holds a line break, a control character or a character past U+00FF`);
      ascii = false;
    }
    if (k === 'content-length' && length !== undefined) continue;
    head += `${k}: ${v}\r\n`;
  }
  // HTTP/1.1 needs a Host (s3wire's pipeline always signs one; a direct caller may not give it).
  if (h.host === undefined) head += `host: ${req.origin.slice(req.origin.indexOf('//') + 2)}\r\n`;
  if (length !== undefined) head += `content-length: ${length}\r\n`;
  else if (chunked) head += 'transfer-encoding: chunked\r\n';
  head += '\r\n';
  return ascii ? head : Uint8Array.from(head, (c) => c.charCodeAt(0));
}

/** Send a stream body: each chunk as it comes, framed if chunked, waiting when the socket is full. */
async function writeStream(conn: Connection, x: Exchange, body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, chunked: boolean): Promise<void> {
  const source = body instanceof ReadableStream ? ((body as ReadableStream<Uint8Array> & Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator]?.() ?? iterateWebStream(body)) : body[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (conn.exchange !== x) {
        await source.return?.();
        return; // answered early and dropped: the rest is not wanted
      }
      const r = await source.next();
      if (r.done) break;
      const chunk = r.value;
      if (chunk.length === 0) continue;
      if (chunked) await conn.write(utf8.encode(chunk.length.toString(16) + '\r\n'));
      await conn.write(chunk);
      if (chunked) await conn.write(CRLF);
    }
    if (chunked) await conn.write(LAST_CHUNK);
  } catch (e) {
    await source.return?.().catch(() => undefined);
    throw e;
  }
}

interface Prepared {
  readonly req: HttpRequest;
  /** The head, with a small body after it. */
  readonly head: string | Uint8Array;
  readonly body: Uint8Array | undefined;
  readonly stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | undefined;
  readonly chunked: boolean;
}

interface Outcome {
  res?: HttpResponse;
  /**
   * Closed before any byte of an answer on a reused connection: the server ended it as it was
   * reused, so sending again is safe. Not after a timeout: the server may be working on it.
   */
  retry?: boolean;
  error?: unknown;
}

/** A count (a positive integer) or a number of seconds (positive, finite); else an ArgumentError. */
export function checkOption(name: string, v: unknown, integer = false): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new ArgumentError('InvalidTransportOption', `${name} must be ${integer ? 'a positive integer' : 'a positive number of seconds'}, got ${String(v)}`);
  }
  return v;
}

/** The transport on `connect`'s sockets (for https origins its TLS ones, `tls: true`: the connector checks the certificate). */
export function http1Transport(connect: TcpConnect, options: Http1TransportOptions = {}): Transport {
  const pools = new Map<string, Pool>();
  const max = checkOption('connections', options.connections ?? 64, true);
  const timeout = checkOption('timeout', options.timeout ?? 60);
  const keepAlive = checkOption('keepAlive', options.keepAlive ?? 20);
  const connectTimeout = checkOption('connectTimeout', options.connectTimeout ?? 10);

  function poolFor(origin: string): Pool {
    let p = pools.get(origin);
    if (!p) {
      const u = new URL(origin);
      const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
      const tls = u.protocol === 'https:';
      pools.set(origin, (p = new Pool(hostname, Number(u.port || (tls ? 443 : 80)), max, timeout, keepAlive, connectTimeout, connect, tls)));
    }
    return p;
  }

  /** The request's bytes, worked out once: a retry on a new connection sends the same. */
  function prepare(req: HttpRequest): Prepared {
    const b = req.body;
    const bytes = b === undefined || typeof b === 'string' || b instanceof Uint8Array ? bodyBytes(b) : undefined;
    const stream = bytes === undefined && b !== undefined ? (b as AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>) : undefined;
    const declared = req.headers['content-length'];
    const length = bytes ? bytes.length : stream ? (declared === undefined ? undefined : Number(declared)) : LENGTH_REQUIRED.has(req.method) ? 0 : undefined;
    let head: string | Uint8Array = requestHead(req, length, stream !== undefined && declared === undefined);
    let body = bytes && bytes.length > 0 ? bytes : undefined;
    // A small body goes out in one write with the head: one segment, not two.
    if (body && body.length <= COALESCE) {
      const h = typeof head === 'string' ? utf8.encode(head) : head;
      const all = new Uint8Array(h.length + body.length);
      all.set(h);
      all.set(body, h.length);
      head = all;
      body = undefined;
    }
    return { req, head, body, stream, chunked: stream !== undefined && length === undefined };
  }

  /** Send on `conn`; settles at the answer's head, or with why there is none. */
  function exchange(p: Prepared, conn: Connection, reused: boolean): Promise<Outcome> {
    return new Promise((resolve) => {
      const req = p.req;
      const x = new Exchange(req, conn, (res) => resolve({ res }), (error) => resolve({ error, retry: reused && !x.answered && p.stream === undefined && !req.signal?.aborted && !isTimeout(error) }));
      conn.exchange = x;
      if (reused) conn.socket!.ref();
      conn.socket!.timeout(timeout);
      const signal = req.signal;
      if (signal) {
        const onAbort = () => conn.exchange === x && conn.destroy(signal.reason ?? new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        // Removed once the answer is read (or failed); a long body keeps it until then.
        x.onSettled = () => signal.removeEventListener('abort', onAbort);
      }
      let sending = conn.write(p.head);
      const { body, stream } = p;
      if (body) sending = sending ? sending.then(() => conn.write(body)) : conn.write(body);
      else if (stream) sending = (sending ?? Promise.resolve()).then(() => writeStream(conn, x, stream, p.chunked));
      if (!sending) conn.onSent(x);
      else
        sending.then(
          () => conn.exchange === x && conn.onSent(x),
          (e) => conn.exchange === x && conn.destroy(e),
        );
    });
  }

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      if (req.signal?.aborted) throw networkErrorFrom(req.signal.reason, req);
      try {
        const pool = poolFor(req.origin);
        const p = prepare(req);
        // A kept-alive connection the server closed just as it was reused fails before any answer:
        // that request is sent again on a new connection (a body stream cannot be, so is not).
        for (let tries = 0; ; tries++) {
          // A stream body cannot be sent again, so it does not risk a connection the server may be
          // closing: one idle for more than a second is left for others and a new one is opened.
          const idle = pool.idleConnection(p.stream ? STREAM_MAX_IDLE_MS : Infinity);
          const { conn, reused } = idle ? { conn: idle, reused: true } : await pool.connect();
          // Aborted while a connection was being opened (or waited for): it goes back unused.
          if (req.signal?.aborted) {
            pool.release(conn);
            throw req.signal.reason;
          }
          const r = await exchange(p, conn, reused);
          if (r.res) return r.res;
          if (!r.retry || tries >= 2) throw r.error;
        }
      } catch (e) {
        throw networkErrorFrom(e instanceof Http1ParseError ? Object.assign(e, { message: `bad response: ${e.message}` }) : e, req);
      }
    },
    async close() {
      for (const p of pools.values()) p.close(closedUnread());
      pools.clear();
    },
  };
}
