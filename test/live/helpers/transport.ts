// The transport under the live tests' clients: undici, the default, or with S3WIRE_TEST_TRANSPORT=net
// our HTTP/1.1 on node:net (netTransport), so the same suites check either.
import { netTransport } from '../../../src/http/net-transport.ts';
import { undiciTransport } from '../../../src/http/undici-transport.ts';
import type { Transport } from '../../../src/index.ts';

const which = process.env.S3WIRE_TEST_TRANSPORT ?? 'undici';
if (which !== 'undici' && which !== 'net') throw new Error(`S3WIRE_TEST_TRANSPORT=${which}: undici or net`);

/** A new transport of the kind under test. */
export const baseTransport = (): Transport => (which === 'net' ? netTransport() : undiciTransport());

/** Client options for it: none for undici (the client's own default), else the transport. */
export const testTransport = (): { transport?: Transport } => (which === 'net' ? { transport: netTransport() } : {});
