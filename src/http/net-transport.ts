// Our HTTP/1.1 (http1-transport.ts) on Node's own TCP sockets (node:net), the bun entry's
// transport on Node: a choice beside undici, the default. It skips undici's loading (~36 ms on a
// first request) and its parser (llhttp, WebAssembly that V8 compiles once a process); measured
// in bench/README.md. https origins go through undici (certificates as Node is set up to check
// them). No proxy is used, as with undici.
import { connect as netConnect, type Socket } from 'node:net';
import type { Connection, TcpConnect, TcpSocket } from './http1-pool.ts';
import { http1Transport, type Http1TransportOptions } from './http1-transport.ts';
import type { Transport } from './types.ts';
import { undiciTransport, type TlsOptions } from './undici-transport.ts';

export interface NetTransportOptions extends Http1TransportOptions {
  /** For https endpoints, which go through undici: as undiciTransport's `tls`. */
  readonly tls?: TlsOptions;
}

/** A node:net socket in the shape the pool uses (Bun's): every write taken, `full()` for backpressure. */
function adapt(s: Socket, data: Connection): TcpSocket {
  return {
    data,
    write(d) {
      if (s.destroyed || !s.writable) return -1;
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

const connectNet: TcpConnect = ({ hostname, port, data, socket: h, signal }) =>
  new Promise((resolve, reject) => {
    const s = netConnect({ host: hostname, port });
    const t = adapt(s, data);
    let open = false;
    // Past the pool's deadline the attempt is dropped, not left to the kernel's retries.
    signal.addEventListener('abort', () => open || s.destroy(), { once: true });
    s.once('connect', () => {
      open = true;
      resolve(t);
    });
    s.on('data', (chunk: Buffer) => h.data(t, chunk));
    s.on('drain', () => h.drain(t));
    s.on('timeout', () => h.timeout(t));
    s.on('end', () => h.end(t));
    s.on('error', (e) => (open ? h.error(t, e) : reject(e)));
    s.on('close', () => open && h.close(t));
  });

export function netTransport(options: NetTransportOptions = {}): Transport {
  // Made now (undici itself loads on the first https request), so its options are checked now.
  const secure = undiciTransport({ connections: options.connections, tls: options.tls });
  return http1Transport(connectNet, () => secure, options);
}
