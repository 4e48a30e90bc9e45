// The Bun transport: our HTTP/1.1 (http1-transport.ts) on Bun's own TCP sockets (Bun.connect), and
// on its TLS sockets for https. A header-signed HEAD costs 170-178 us of CPU through Bun's fetch and
// 111 us written and read here (bench/ab-bun-fetch.ts); s3wire's small operations went from
// 0.82-0.91x Bun's native S3 client to 0.92-1.06x (bench/README.md). Certificates are checked as
// Bun checks them (its store and NODE_EXTRA_CA_CERTS; the chain and the host name), or against
// `tls.ca`; everything goes through Bun's fetch when asked (`fetchTransport()` as the client's
// transport). No proxy is used, as on Node.
import type { TcpConnect, TcpConnectOptions, TcpSocket, TcpSocketHandler } from './http1-pool.ts';
import { http1Transport, type Http1TransportOptions } from './http1-transport.ts';
import { tlsConnectOptions, type TlsOptions } from './tls-options.ts';
import type { Transport } from './types.ts';

export interface BunTransportOptions extends Http1TransportOptions {
  /** For https endpoints: whom to trust, in place of Bun's store (as undiciTransport's `tls`). */
  readonly tls?: TlsOptions;
}

type BunTls = NonNullable<ReturnType<typeof tlsConnectOptions>>;

interface BunSocketHandler extends TcpSocketHandler {
  /** TLS: the handshake is over; `authorizationError` is why the certificate is not trusted. */
  handshake?(s: TcpSocket, success: boolean, authorizationError: Error | null): void;
}

declare const Bun: {
  connect(o: Omit<TcpConnectOptions, 'signal' | 'tls' | 'socket'> & { tls?: true | BunTls; socket: BunSocketHandler }): Promise<TcpSocket>;
};

/**
 * An https connection, resolved once the handshake is done and the certificate trusted (or not
 * checked, with rejectUnauthorized: false); a failure before then rejects and closes it. The pool's
 * handlers take over after that.
 */
function connectTls(o: TcpConnectOptions, tls: BunTls | undefined): Promise<TcpSocket> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (s: TcpSocket | undefined, e: Error) => {
      settled = true;
      s?.terminate();
      reject(e);
    };
    const h = o.socket;
    // The pool's handlers, with what may come before the handshake is over sent to `fail`.
    const socket: BunSocketHandler = {
      ...h,
      timeout: (s) => settled && h.timeout(s),
      handshake(s, success, authorizationError) {
        if (settled) return;
        const e = !success ? (authorizationError ?? new Error('the TLS handshake failed')) : tls?.rejectUnauthorized === false ? null : authorizationError;
        if (e) return fail(s, e);
        settled = true;
        resolve(s);
      },
      close: (s, e) => (settled ? h.close(s, e) : fail(undefined, e ?? new Error('the connection closed during the TLS handshake'))),
      error: (s, e) => (settled ? h.error(s, e) : fail(s, e)),
      end: (s) => (settled ? h.end(s) : fail(s, new Error('the server ended the connection during the TLS handshake'))),
      connectError: (_s, e) => settled || fail(undefined, e),
    };
    Bun.connect({ hostname: o.hostname, port: o.port, data: o.data, tls: tls ?? true, socket }).catch((e: Error) => settled || fail(undefined, e));
  });
}

export function bunTransport(options: BunTransportOptions = {}): Transport {
  // Checked now, before any request: a bad option is the caller's mistake.
  const tls = tlsConnectOptions(options.tls);
  // Bun.connect has no way to give up an attempt: the pool closes a socket that opens too late.
  const connect: TcpConnect = (o) => (o.tls ? connectTls(o, tls) : Bun.connect({ hostname: o.hostname, port: o.port, data: o.data, socket: o.socket }));
  return http1Transport(connect, options);
}
