// What an https connection trusts, as the transports take it (undiciTransport, netTransport,
// bunTransport): checked when the transport is made, and handed to node:tls (by undici or by us) or to
// Bun.connect in the shape both take.
import { ArgumentError } from '../errors.ts';

/** What an https connection checks the server's certificate against. */
export interface TlsOptions {
  /**
   * The certificate authorities to trust, PEM (e.g. a self-signed RustFS or MinIO certificate):
   * in place of the runtime's store, as node:tls and Bun.connect take them. Default: the
   * runtime's store (and NODE_EXTRA_CA_CERTS, which Node and Bun both read).
   */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /**
   * false: accept any certificate, so anyone on the path can read and change every request
   * (credentials stay safe: they are never sent, only signatures). Default true.
   */
  readonly rejectUnauthorized?: boolean;
}

const PEM = '-----BEGIN CERTIFICATE-----';

/**
 * What a TLS socket is given of a large body at a time, each slice after the last has drained
 * (undici-transport.ts, net-transport.ts). Given a whole 8 MiB part, Node's TLS socket encrypts
 * all of it into a queue of its own at once: a second copy of every part in flight (the 256 MiB
 * upload of bench/clients.ts on https, 8 MiB parts, 4 at once: ~130 MiB above the idle process
 * against ~81 in slices, as on http).
 */
export const TLS_WRITE_SLICE = 256 * 1024;

/**
 * The tls options as node:tls takes them (undefined when none is set); an ArgumentError for anything else.
 * @internal Left out of the declarations (tsconfig.build.json's stripInternal): its Buffer would make them need Node's types.
 */
export function tlsConnectOptions(tls: TlsOptions | undefined): { ca?: string | Buffer | (string | Buffer)[]; rejectUnauthorized?: boolean } | undefined {
  if (tls === undefined) return undefined;
  if (typeof tls !== 'object' || tls === null) throw new ArgumentError('InvalidTransportOption', 'tls must be an object ({ ca, rejectUnauthorized })');
  const out: { ca?: string | Buffer | (string | Buffer)[]; rejectUnauthorized?: boolean } = {};
  const one = (c: unknown): string | Buffer => {
    if (typeof c === 'string' && c.includes(PEM)) return c;
    if (c instanceof Uint8Array) {
      const b = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      if (b.includes(PEM, 0, 'latin1')) return b;
    }
    throw new ArgumentError('InvalidTransportOption', 'tls.ca must be PEM certificates (a string or bytes holding -----BEGIN CERTIFICATE-----), or a list of them');
  };
  if (tls.ca !== undefined) out.ca = Array.isArray(tls.ca) ? tls.ca.map(one) : one(tls.ca);
  if (tls.rejectUnauthorized !== undefined) {
    if (typeof tls.rejectUnauthorized !== 'boolean') throw new ArgumentError('InvalidTransportOption', 'tls.rejectUnauthorized must be true or false');
    out.rejectUnauthorized = tls.rejectUnauthorized;
  }
  return out.ca === undefined && out.rejectUnauthorized === undefined ? undefined : out;
}
