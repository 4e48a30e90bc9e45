// Our HTTP/1.1 (http1-transport.ts) on Node's own sockets, node:net's and, for https, node:tls's:
// the bun entry's transport on Node, a choice beside undici, the default. It skips undici's loading
// (~36 ms on a first request) and its parser (llhttp, WebAssembly that V8 compiles once a process);
// measured in bench/README.md. Certificates are checked as Node checks them (its store and
// NODE_EXTRA_CA_CERTS; the chain and the host name), or against `tls.ca`. No proxy is used, as
// with undici.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Connection, TcpConnect, TcpSocket } from './http1-pool.ts';
import { http1Transport, type Http1TransportOptions } from './http1-transport.ts';
import { TLS_WRITE_SLICE, tlsConnectOptions, type TlsOptions } from './tls-options.ts';
import type { Transport } from './types.ts';

export interface NetTransportOptions extends Http1TransportOptions {
  /** For https endpoints: whom to trust, in place of Node's store (as undiciTransport's `tls`). */
  readonly tls?: TlsOptions;
}

/** A node:net socket in the shape the pool uses (Bun's): every write taken, `full()` for backpressure. */
function adapt(s: Socket, data: Connection, tls: boolean): TcpSocket {
  return {
    data,
    write(d) {
      if (s.destroyed || !s.writable) return -1;
      if (tls && typeof d !== 'string' && d.length > TLS_WRITE_SLICE) {
        // A slice at a time (tls-options.ts says why); the pool keeps the rest and writes it on
        // `drain`, which a slice over the high-water mark asks for.
        s.write(d.subarray(0, TLS_WRITE_SLICE));
        return TLS_WRITE_SLICE;
      }
      s.write(d);
      return d.length;
    },
    full: () => s.writableNeedDrain,
    end: () => void s.end(),
    terminate: () => void s.destroy(),
    pause: () => void s.pause(),
    resume: () => void s.resume(),
    timeout: (seconds) => void s.setTimeout(seconds * 1000),
    setNoDelay: (on) => void s.setNoDelay(on),
    ref: () => void s.ref(),
    unref: () => void s.unref(),
  };
}

/** A socket reads into a block of this size, each read after the last... */
const BLOCK = 128 * 1024;
/** ...until less than this is left (a TLS record's most): then into a new block. */
const MIN_READ = 16 * 1024;

/**
 * Where a socket reads into: node:net's `onread` (node:tls's too), so that a read is neither a
 * Buffer that Node allocates (64 KiB, then cut to size) nor a trip through a Readable ('data'
 * events). Each read lands after the last one in a block of the socket's own and is handed on as
 * a view of its bytes, which the parser and the reader may keep: nothing is copied, and no read
 * ever writes over bytes handed on. A block lives as long as views of it do; an open connection
 * holds one (its pages taken only as reads fill them). A 256 MiB GET from
 * MinIO, the first of a fresh process (bench/ab-cold.ts, bench/README.md): 875 MiB/s at 253 ms of
 * CPU, against 745 at 305 with each read copied out of one shared buffer, and 663 at 394 (another
 * run, against the copy's 843 at 289) through 'data' events.
 */
function reads(): { buffer: () => Uint8Array; take: (n: number, buf: Uint8Array) => Uint8Array } {
  let block: Buffer | undefined;
  let at = 0;
  return {
    buffer() {
      if (!block || block.length - at < MIN_READ) {
        block = Buffer.allocUnsafeSlow(BLOCK);
        at = 0;
      }
      return block.subarray(at);
    },
    take(n, buf) {
      at += n;
      return buf.subarray(0, n);
    },
  };
}

function connector(tls: ReturnType<typeof tlsConnectOptions>): TcpConnect {
  return ({ hostname, port, tls: secure, data, socket: h, signal }) =>
    new Promise((resolve, reject) => {
      let t: TcpSocket;
      // After each read Node asks `buffer` where the next one goes.
      const r = reads();
      const onread = { buffer: r.buffer, callback: (n: number, buf: Uint8Array) => (h.data(t, r.take(n, buf)), true) };
      // node:tls checks the chain and the host name (an IP against the certificate's IP names);
      // SNI only for a name, as it must not carry an address. It takes `onread` as node:net does
      // (its types leave it out).
      const s = secure
        ? tlsConnect({ host: hostname, port, ...(isIP(hostname) ? {} : { servername: hostname }), ...tls, onread } as ConnectionOptions)
        : netConnect({ host: hostname, port, onread });
      t = adapt(s, data, secure);
      let open = false;
      // Past the pool's deadline the attempt is dropped, not left to the kernel's retries.
      signal.addEventListener('abort', () => open || s.destroy(), { once: true });
      // An untrusted certificate is an 'error' before 'secureConnect', and the socket is destroyed.
      s.once(secure ? 'secureConnect' : 'connect', () => {
        open = true;
        resolve(t);
      });
      s.on('drain', () => h.drain(t));
      s.on('timeout', () => h.timeout(t));
      s.on('end', () => h.end(t));
      s.on('error', (e) => (open ? h.error(t, e) : reject(e)));
      s.on('close', () => open && h.close(t));
    });
}

export function netTransport(options: NetTransportOptions = {}): Transport {
  // Checked now, before any request: a bad option is the caller's mistake.
  return http1Transport(connector(tlsConnectOptions(options.tls)), options);
}
