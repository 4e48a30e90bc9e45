// A TCP proxy on 127.0.0.1 in front of a live server, to see what the client does on the wire:
// connections opened and closed, bytes the server has sent so far, and a connection cut on demand.
import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:port`: use it as the client's endpoint. */
  readonly endpoint: string;
  /** Client connections accepted so far. */
  readonly opened: number;
  /** Client connections closed so far (by either side). */
  readonly closed: number;
  /** Bytes from the server to the client so far. */
  readonly downstreamBytes: number;
  /** Cut every connection (both sides) once this many more bytes have gone to the client. */
  cutAfter(bytes: number): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  let opened = 0;
  let closed = 0;
  let downstream = 0;
  let cutAt = Infinity;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    opened++;
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      closed++;
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', cut);
    upstream.on('error', cut);
    // pipe() keeps backpressure: the proxy reads from the server only as fast as the client reads.
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (downstream + chunk.length >= cutAt) {
        client.write(chunk.subarray(0, Math.max(0, cutAt - downstream)));
        downstream = cutAt;
        cutAt = Infinity;
        setImmediate(cut);
        return;
      }
      downstream += chunk.length;
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${own}`,
    get opened() {
      return opened;
    },
    get closed() {
      return closed;
    },
    get downstreamBytes() {
      return downstream;
    },
    cutAfter(bytes) {
      cutAt = downstream + bytes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the kernel may hold between a sender and a client that has stopped reading (through this
 * proxy or not): the client socket's receive buffer and the sender's send buffer at their largest,
 * tcp_rmem's and tcp_wmem's maximum (32 MiB and 4 MiB on the CI machine, where a paused read once
 * had 27 MiB out), or 16 MiB where /proc does not say.
 */
export function kernelBuffers(): number {
  try {
    const max = (f: string) => Number(readFileSync(`/proc/sys/net/ipv4/${f}`, 'utf8').trim().split(/\s+/)[2]);
    const n = max('tcp_rmem') + max('tcp_wmem');
    return n > 0 ? n : 16 * 1024 * 1024;
  } catch {
    return 16 * 1024 * 1024;
  }
}
