// The Bun transport: our HTTP/1.1 (http1-transport.ts) on Bun's own TCP sockets (Bun.connect). A
// header-signed HEAD costs 170-178 us of CPU through Bun's fetch and 111 us written and read here
// (bench/ab-bun-fetch.ts); s3wire's small operations went from 0.82-0.91x Bun's native S3 client
// to 0.92-1.06x (bench/README.md). https origins go through Bun's fetch (certificates as Bun is
// set up to check them); so does everything when asked (`fetchTransport()` as the client's
// transport). No proxy is used, as on Node.
import { fetchTransport } from './fetch-transport.ts';
import type { TcpConnect, TcpConnectOptions } from './http1-pool.ts';
import { http1Transport, type Http1TransportOptions } from './http1-transport.ts';
import type { Transport } from './types.ts';

export type BunTransportOptions = Http1TransportOptions;

declare const Bun: { connect(o: Omit<TcpConnectOptions, 'signal'>): ReturnType<TcpConnect> };

export function bunTransport(options: BunTransportOptions = {}): Transport {
  // Bun.connect has no way to give up an attempt: the pool closes a socket that opens too late.
  return http1Transport(({ hostname, port, data, socket }) => Bun.connect({ hostname, port, data, socket }), fetchTransport, options);
}
