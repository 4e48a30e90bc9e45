// What live tests import: the servers started (or pointed at) by test/servers/global-setup.ts.
//
//   import { liveServers } from '../servers/servers.ts';
//   describe.each(liveServers())('$name', (server) => { ... });
//
// Only import this from test files: `inject` works inside the test workers, not in the global setup.
import { inject } from 'vitest';

/** One S3 server the live tests may talk to. Path-style addressing, on 127.0.0.1: plain HTTP, or https for tlsServers(). */
export interface LiveServer {
  /** `s3s-fs`, `minio`, `versitygw`, `rustfs`, or S3WIRE_SERVER_NAME (default `external`). */
  readonly name: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** An https server's self-signed certificate (PEM), for the client to trust. */
  readonly ca?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3wireServers: LiveServer[];
    s3wireTlsServers: LiveServer[];
  }
}

/** The selected servers; empty with S3WIRE_SERVERS=none. */
export function liveServers(): LiveServer[] {
  // undefined if the global setup did not run (a config without test/servers/global-setup.ts).
  return inject('s3wireServers') ?? [];
}

/** The https servers (MinIO with a certificate of its own, made for the run); empty without MinIO. */
export function tlsServers(): LiveServer[] {
  return inject('s3wireTlsServers') ?? [];
}

/** Host header value (`host:port`) of a server, as signed. */
export function hostOf(server: LiveServer): string {
  return new URL(server.endpoint).host;
}
