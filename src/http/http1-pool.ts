// The HTTP/1.1 transport's connections (http1-transport.ts): one TCP socket each (TLS for an https
// origin), carrying one exchange at a time, pooled per origin and kept alive between requests. The
// socket is Bun's own (Bun.connect, bun-transport.ts) or node:net's behind the same shape
// (net-transport.ts).
import type { Exchange } from './http1-exchange.ts';

const utf8 = new TextEncoder();

/** The TCP socket as the pool uses it: the slice of Bun's (https://bun.com/docs/api/tcp). */
export interface TcpSocket {
  data: Connection;
  /** Takes what fits and says how many bytes that was (-1: closed). */
  write(data: string | Uint8Array): number;
  /**
   * After a write that took everything: whether to wait for `drain` before writing more (node:net
   * takes every write and buffers it; Bun's socket takes only what fits, and says so in `write`).
   */
  full?(): boolean;
  end(): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  timeout(seconds: number): void;
  setNoDelay?(on: boolean): void;
  ref(): void;
  unref(): void;
}

/** What the socket reports, as Bun.connect's `socket` handlers. */
export interface TcpSocketHandler {
  open?(s: TcpSocket): void;
  data(s: TcpSocket, chunk: Uint8Array): void;
  drain(s: TcpSocket): void;
  close(s: TcpSocket, error?: Error): void;
  error(s: TcpSocket, error: Error): void;
  timeout(s: TcpSocket): void;
  end(s: TcpSocket): void;
  connectError?(s: TcpSocket, error: Error): void;
}

/** Opens a TCP connection: resolves once it is open, rejects if it cannot be. */
export type TcpConnect = (options: TcpConnectOptions) => Promise<TcpSocket>;

export interface TcpConnectOptions {
  hostname: string;
  port: number;
  /** An https origin: resolve only once the TLS handshake is done and the certificate checked. */
  tls: boolean;
  data: Connection;
  socket: TcpSocketHandler;
  /** Aborted at the connect deadline: a connector that can, gives up the attempt then. */
  signal: AbortSignal;
}

class TimeoutFailure extends Error {
  readonly code = 'ETIMEDOUT';
}

export const isTimeout = (e: unknown): boolean => e instanceof TimeoutFailure;

/** One TCP connection to an origin; carries one exchange at a time. */
export class Connection {
  socket: TcpSocket | undefined;
  exchange: Exchange | undefined;
  closed = false;
  /** When it last went idle (ms since the epoch). */
  idleSince = 0;
  /** How long it may stay idle before it is closed, ms (set as it goes idle). */
  idleLimit = 0;
  /** The server's `Keep-Alive: timeout=` on its last answer, seconds (undefined: none said). */
  serverKeepAlive: number | undefined;
  /** Bytes of the request not yet taken by the socket, written on `drain`. */
  #unsent: Uint8Array | undefined;
  #drained: (() => void) | undefined;

  constructor(readonly pool: Pool) {}

  /**
   * Write all of `data` (a string only if ASCII: one byte a character); a promise if the socket
   * could not take it all yet (Bun's write takes what fits and says how much).
   */
  write(data: string | Uint8Array): Promise<void> | undefined {
    const s = this.socket;
    if (!s || this.closed) return Promise.reject(new Error('the connection closed while the request was sent'));
    const n = s.write(data);
    if (n === data.length) return s.full?.() ? new Promise<void>((resolve) => (this.#drained = resolve)) : undefined;
    if (n < 0) return Promise.reject(new Error('the connection closed while the request was sent'));
    this.#unsent = (typeof data === 'string' ? utf8.encode(data) : data).subarray(n);
    return new Promise<void>((resolve) => (this.#drained = resolve));
  }

  onDrain(): void {
    const rest = this.#unsent;
    if (!this.socket) return;
    if (rest) {
      const n = this.socket.write(rest);
      if (n < 0) return;
      if (n < rest.length) {
        this.#unsent = rest.subarray(n);
        return;
      }
      this.#unsent = undefined;
      if (this.socket.full?.()) return;
    }
    const d = this.#drained;
    this.#drained = undefined;
    d?.();
  }

  onData(chunk: Uint8Array): void {
    const x = this.exchange;
    if (!x) return this.destroy(new Error('bytes from the server with no request out'));
    x.answered = true;
    try {
      x.parser.push(chunk);
    } catch (e) {
      return this.destroy(e);
    }
    if (x.parser.done) this.#finished(x);
  }

  #finished(x: Exchange): void {
    // The answer can come before the request is all sent (an early 4xx): the connection cannot be
    // reused then, the server is not reading the rest.
    if (x.parser.reusable && x.sent) {
      this.exchange = undefined;
      this.pool.release(this);
    } else this.destroy(undefined);
  }

  /** The request's last byte is out; if its answer is complete already, the connection is free. */
  onSent(x: Exchange): void {
    x.sent = true;
    if (x.parser.done && this.exchange === x) this.#finished(x);
  }

  onClose(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.forget(this);
    const x = this.exchange;
    this.exchange = undefined;
    const d = this.#drained;
    this.#drained = undefined;
    this.#unsent = undefined;
    if (x && !x.settled) {
      try {
        x.parser.close();
        if (x.parser.done) return;
      } catch (e) {
        error ??= e;
      }
      x.fail(error ?? new Error('the connection closed'));
    }
    d?.();
  }

  onTimeout(): void {
    if (this.exchange) this.destroy(new TimeoutFailure(`no bytes from the server for ${this.pool.timeout} s`));
    else this.destroy(undefined); // idle too long
  }

  /** Close now; the exchange on it, if any, fails with `error`. */
  destroy(error: unknown): void {
    const x = this.exchange;
    if (x && !x.settled && error !== undefined) x.fail(error);
    this.socket?.terminate();
    this.onClose(error);
  }
}

const handler: TcpSocketHandler = {
  data: (s, chunk) => s.data.onData(chunk),
  drain: (s) => s.data.onDrain(),
  close: (s, error) => s.data.onClose(error),
  error: (s, error) => s.data.destroy(error),
  timeout: (s) => s.data.onTimeout(),
  // The server's FIN: the end of a body read up to the close, or of an idle connection.
  end: (s) => {
    s.data.onClose();
    s.end();
  },
};

/** Kept off a server's `Keep-Alive: timeout=`, so that it never closes a connection as it is reused (as undici's default). */
export const KEEP_ALIVE_MARGIN_MS = 2000;
const KEEP_ALIVE_TIMEOUT = /(?:^|[\s,;])timeout\s*=\s*"?(\d{1,9})/i;

/** The seconds of a `Keep-Alive` header's `timeout=` (RFC 2068 section 19.7.1.1), or undefined. */
export function keepAliveTimeout(header: string | undefined): number | undefined {
  const m = header === undefined ? null : KEEP_ALIVE_TIMEOUT.exec(header);
  return m ? Number(m[1]) : undefined;
}

/** The connections to one origin: idle ones reused last-in first-out, at most `max` open. */
export class Pool {
  readonly idle: Connection[] = [];
  /** Every connection open or opening, idle or carrying an exchange. */
  readonly connections = new Set<Connection>();
  readonly waiting: ((c: Connection | undefined) => void)[] = [];
  closed = false;

  constructor(
    readonly hostname: string,
    readonly port: number,
    readonly max: number,
    readonly timeout: number,
    readonly keepAlive: number,
    readonly connectTimeout: number,
    readonly connectSocket: TcpConnect,
    readonly tls = false,
  ) {}

  /** Connections open or opening, at most `max`. */
  get open(): number {
    return this.connections.size;
  }

  /**
   * The idle connection used last, if any, and only if idle for at most `maxIdleMs`: the others
   * (idle longer) stay in the pool. One idle past its own limit is closed, not used: its timer
   * may fire late (Bun's socket timeouts are coarse), and the server may have closed it by now.
   */
  idleConnection(maxIdleMs = Infinity): Connection | undefined {
    // A connection that closes leaves `idle` at once (forget), so every one here is open.
    const now = Date.now();
    for (let c = this.idle.at(-1); c; c = this.idle.at(-1)) {
      const idleFor = now - c.idleSince;
      if (idleFor > c.idleLimit) {
        c.destroy(undefined);
        continue;
      }
      if (maxIdleMs !== Infinity && idleFor > maxIdleMs) return undefined;
      return this.idle.pop();
    }
    return undefined;
  }

  /** When none is idle: a new connection if there is room, else the next one released. */
  async connect(): Promise<{ conn: Connection; reused: boolean }> {
    if (this.open >= this.max) {
      const c = await new Promise<Connection | undefined>((r) => this.waiting.push(r));
      if (c) return { conn: c, reused: true };
    }
    const conn = new Connection(this);
    this.connections.add(conn);
    try {
      conn.socket = await this.#open(conn);
    } catch (e) {
      conn.onClose(); // gives the slot back, once, whether or not the socket reported itself closed
      throw e;
    }
    conn.socket.setNoDelay?.(true);
    return { conn, reused: false };
  }

  /**
   * The connector with a deadline (as undici's connect timeout): an address that swallows SYNs
   * would otherwise keep the request waiting on the kernel's retries, two minutes on Linux.
   */
  #open(conn: Connection): Promise<TcpSocket> {
    const giveUp = new AbortController();
    const connecting = this.connectSocket({ hostname: this.hostname, port: this.port, tls: this.tls, data: conn, socket: handler, signal: giveUp.signal });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let late = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        giveUp.abort();
        reject(new TimeoutFailure(`no connection to ${this.hostname}:${this.port} in ${this.connectTimeout} s`));
      }, this.connectTimeout * 1000);
    });
    // A socket that opens after the deadline is closed as it comes, never used.
    connecting.then(
      (s) => late && s.terminate(),
      () => undefined,
    );
    return Promise.race([connecting, deadline]).finally(() => clearTimeout(timer));
  }

  release(c: Connection): void {
    if (this.closed) return c.destroy(undefined); // its request was out when the transport closed
    // Kept `keepAlive` seconds, or less when the server said less (less a margin, as undici does):
    // a hint of 2 s or under leaves nothing, so the connection closes now, as undici's does.
    const hint = c.serverKeepAlive;
    const limit = hint === undefined ? this.keepAlive * 1000 : Math.min(this.keepAlive * 1000, hint * 1000 - KEEP_ALIVE_MARGIN_MS);
    if (limit <= 0) return c.destroy(undefined);
    const w = this.waiting.shift();
    if (w) return w(c);
    // An idle connection does not keep the process alive (as undici's do not on Node): a script
    // that never calls close() still exits when its work is done.
    c.socket?.unref();
    c.socket?.timeout(limit / 1000);
    c.idleSince = Date.now();
    c.idleLimit = limit;
    this.idle.push(c);
  }

  /** A connection closed: it leaves the pool, and a request waiting for room may open one. */
  forget(c: Connection): void {
    this.connections.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    this.#wakeOne();
  }

  #wakeOne(): void {
    this.waiting.shift()?.(undefined);
  }

  /**
   * Close the idle connections now, and each busy one once its answer is read; one whose body was
   * handed out and never read is closed now too, that body's reads failing with `unread`.
   */
  close(unread: Error): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.destroy(undefined);
    for (const c of [...this.connections]) c.exchange?.abandonUnread(unread);
  }
}

