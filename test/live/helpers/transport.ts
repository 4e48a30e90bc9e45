// The transport under the live tests' clients: undici, the default, or with S3WIRE_TEST_TRANSPORT=net
// our HTTP/1.1 on node:net (netTransport), so the same suites check either.
import { netTransport } from '../../../src/http/net-transport.ts';
import { undiciTransport } from '../../../src/http/undici-transport.ts';
import type { TlsOptions, Transport } from '../../../src/index.ts';

const which = process.env.S3WIRE_TEST_TRANSPORT ?? 'undici';
if (which !== 'undici' && which !== 'net') throw new Error(`S3WIRE_TEST_TRANSPORT=${which}: undici or net`);

/** A new transport of the kind under test (trusting `tls.ca` for an https server). */
export const baseTransport = (tls?: TlsOptions): Transport => (which === 'net' ? netTransport({ tls }) : undiciTransport({ tls }));

/** Client options for it: none for undici (the client's own default) on http, else the transport. */
export const testTransport = (tls?: TlsOptions): { transport?: Transport } => (which === 'net' || tls ? { transport: baseTransport(tls) } : {});
