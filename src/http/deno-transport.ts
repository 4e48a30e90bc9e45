// The Deno transport: our HTTP/1.1 (http1-transport.ts) on Deno's own TCP connections
// (Deno.connect), made TLS for https (Deno.startTls, rustls). Deno's node:net and node:tls, under
// undici or netTransport(), run too, but Deno's node:tls keeps reading a TLS
// connection into memory after pause(): a reader that stops takes the whole body in (64 MiB of 64
// against 6 MiB on Deno's own, test/http/http1-transport.ts). Here a connection is read only
// while the pool wants bytes, one read at a time, so a paused body holds the server back through
// TCP as on Node and Bun. Certificates are checked by Deno (its store, DENO_CERT, --cert, and
// `tls.ca` in addition); no proxy is used, as on Node.
import { ArgumentError } from '../errors.ts';
import type { TcpConnect, TcpConnectOptions, TcpSocket, TcpSocketHandler } from './http1-pool.ts';
import { http1Transport, type Http1TransportOptions } from './http1-transport.ts';
import { tlsConnectOptions, type TlsOptions } from './tls-options.ts';
import type { Transport } from './types.ts';

export interface DenoTransportOptions extends Http1TransportOptions {
  /**
   * For https endpoints: certificate authorities to trust (PEM) in addition to Deno's store, as
   * Deno.startTls takes them. `rejectUnauthorized: false` cannot be had on Deno's TLS
   * connections: run deno with `--unsafely-ignore-certificate-errors=<host>` instead.
   */
  readonly tls?: TlsOptions;
}

/** The slice of Deno's connections used here (Deno.TcpConn, Deno.TlsConn). */
interface DenoConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  ref(): void;
  unref(): void;
  setNoDelay?(on?: boolean): void;
  handshake?(): Promise<unknown>;
}

declare const Deno: {
  connect(o: { hostname: string; port: number; signal?: AbortSignal }): Promise<DenoConn>;
  startTls(conn: DenoConn, o: { hostname: string; caCerts?: string[] }): Promise<DenoConn>;
  unrefTimer(id: number): void;
  refTimer(id: number): void;
};

/** Bytes queued for the connection above which the pool waits for `drain` (node:net's is 16 KiB). */
const HIGH_WATER = 64 * 1024;
/** A connection reads into a block of this size, each read after the last... */
const BLOCK = 128 * 1024;
/** ...until less than this is left (a TLS record's most): then into a new block. */
const MIN_READ = 16 * 1024;

const ascii = new TextEncoder();

/**
 * rustls says why it refuses a certificate in words ("invalid peer certificate: UnknownIssuer",
 * "certificate not valid for name ..."), with no code: given the code node:tls has for the same
 * refusal, so that it is reported as one (network-error.ts).
 */
function tlsFailure(e: unknown): unknown {
  const message = (e as Error | undefined)?.message ?? '';
  if (!/certificate/i.test(message) || typeof (e as { code?: unknown }).code === 'string') return e;
  const code = /not valid for name/i.test(message) ? 'ERR_TLS_CERT_ALTNAME_INVALID' : /expired/i.test(message) ? 'CERT_HAS_EXPIRED' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
  return Object.assign(new Error(message, { cause: e }), { code });
}

/**
 * One Deno connection in the shape the pool uses (Bun's socket): writes taken whole and queued,
 * `full()` past HIGH_WATER, `drain` once the queue is out; reads one at a time while not paused,
 * each into a block of the connection's own and handed on as a view (nothing copied, no read over
 * bytes handed on); an idle timer; the handler told of data, the server's end, errors and the close.
 */
class DenoSocket implements TcpSocket {
  #queue: Uint8Array[] = [];
  #queued = 0;
  #writing = false;
  #wantDrain = false;
  #paused = false;
  #reading = false;
  #closed = false;
  #endAfterWrites = false;
  #block: Uint8Array | undefined;
  #at = 0;
  #timeoutMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastActive = 0;
  #refed = true;

  constructor(
    readonly conn: DenoConn,
    public data: TcpSocket['data'],
    readonly h: TcpSocketHandler,
  ) {}

  start(): void {
    this.#read();
  }

  write(d: string | Uint8Array): number {
    if (this.#closed) return -1;
    const bytes = typeof d === 'string' ? ascii.encode(d) : d;
    if (bytes.length === 0) return 0;
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    if (!this.#writing) void this.#flush();
    return d.length;
  }

  full(): boolean {
    if (this.#queued <= HIGH_WATER) return false;
    this.#wantDrain = true;
    return true;
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const head = this.#queue[0]!;
        const n = await this.conn.write(head);
        this.#active();
        this.#queued -= n;
        if (n < head.length) this.#queue[0] = head.subarray(n);
        else this.#queue.shift();
        if (this.#wantDrain && this.#queued <= HIGH_WATER / 2) {
          this.#wantDrain = false;
          this.h.drain(this);
        }
      }
    } catch (e) {
      return this.#fail(e);
    } finally {
      this.#writing = false;
    }
    if (this.#endAfterWrites) this.terminate();
  }

  async #read(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      while (!this.#paused && !this.#closed) {
        if (!this.#block || this.#block.length - this.#at < MIN_READ) {
          this.#block = new Uint8Array(BLOCK);
          this.#at = 0;
        }
        const into = this.#block.subarray(this.#at);
        const n = await this.conn.read(into);
        if (this.#closed) return;
        this.#active();
        if (n === null) {
          this.#reading = false;
          return this.h.end(this);
        }
        this.#at += n;
        this.h.data(this, into.subarray(0, n));
      }
    } catch (e) {
      if (!this.#closed) this.#fail(e);
    } finally {
      this.#reading = false;
    }
  }

  #fail(e: unknown): void {
    if (this.#closed) return;
    this.h.error(this, e as Error);
    this.terminate();
  }

  /** After the queued writes are out, close (the pool ends a connection whose server ended it). */
  end(): void {
    if (this.#writing) this.#endAfterWrites = true;
    else this.terminate();
  }

  terminate(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#queued = 0;
    clearTimeout(this.#timer);
    try {
      this.conn.close();
    } catch {
      /* closed already */
    }
    this.h.close(this);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    void this.#read();
  }

  /** Like node:net's setTimeout: `h.timeout` after `seconds` without a read or a write (0: never). */
  timeout(seconds: number): void {
    this.#timeoutMs = seconds * 1000;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#timeoutMs > 0 && !this.#closed) {
      this.#lastActive = Date.now();
      this.#arm(this.#timeoutMs);
    }
  }

  #active(): void {
    this.#lastActive = Date.now();
  }

  // One timer per connection, not one per read: when it fires early (there was activity), it is
  // set again for what is left.
  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed || this.#timeoutMs === 0) return;
      const idle = Date.now() - this.#lastActive;
      if (idle >= this.#timeoutMs) return this.h.timeout(this);
      this.#arm(this.#timeoutMs - idle);
    }, ms);
    if (!this.#refed) Deno.unrefTimer(this.#timer as unknown as number);
  }

  setNoDelay(on: boolean): void {
    this.conn.setNoDelay?.(on);
  }

  ref(): void {
    this.#refed = true;
    this.conn.ref();
    if (this.#timer !== undefined) Deno.refTimer(this.#timer as unknown as number);
  }

  unref(): void {
    this.#refed = false;
    this.conn.unref();
    if (this.#timer !== undefined) Deno.unrefTimer(this.#timer as unknown as number);
  }
}

function connector(caCerts: string[] | undefined): TcpConnect {
  return async (o: TcpConnectOptions) => {
    let conn = await Deno.connect({ hostname: o.hostname, port: o.port, signal: o.signal });
    // TCP_NODELAY before anything is sent. A Deno.TlsConn has no setNoDelay, so https goes
    // Deno.connect, then Deno.startTls on that connection: from Deno.connectTls, with Nagle on,
    // each new connection to an https MinIO waited ~44 ms in its handshake and ~44 ms more on its
    // first request (delayed ACKs), against ~1 ms and 0.4 ms (a scratch check, bench/README.md).
    conn.setNoDelay?.(true);
    if (o.tls) {
      conn = await Deno.startTls(conn, { hostname: o.hostname, ...(caCerts ? { caCerts } : {}) });
      // The certificate is checked in the handshake: a failure rejects here, before the pool has the connection.
      try {
        await conn.handshake?.();
      } catch (e) {
        conn.close();
        throw tlsFailure(e);
      }
    }
    const s = new DenoSocket(conn, o.data, o.socket);
    s.start();
    return s;
  };
}

export function denoTransport(options: DenoTransportOptions = {}): Transport {
  // Checked now, before any request: a bad option is the caller's mistake.
  const tls = tlsConnectOptions(options.tls);
  if (tls?.rejectUnauthorized === false) {
    throw new ArgumentError('InvalidTransportOption', "tls.rejectUnauthorized: false cannot be had on Deno's TLS connections: run deno with --unsafely-ignore-certificate-errors=<host>");
  }
  const ca = tls?.ca === undefined ? undefined : (Array.isArray(tls.ca) ? tls.ca : [tls.ca]).map((c) => (typeof c === 'string' ? c : c.toString('latin1')));
  return http1Transport(connector(ca), options);
}
