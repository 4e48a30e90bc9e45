// What live tests import: the servers started (or pointed at) by test/servers/global-setup.ts.
//
//   import { liveServers } from '../servers/servers.ts';
//   describe.each(liveServers())('$name', (server) => { ... });
//
// Only import this from test files: `inject` works inside the test workers, not in the global setup.
import { inject } from 'vitest';

/** One S3 server the live tests may talk to. Path-style addressing, plain HTTP on 127.0.0.1. */
export interface LiveServer {
  /** `s3s-fs`, `minio`, `versitygw`, `rustfs`, or S3WIRE_SERVER_NAME (default `external`). */
  readonly name: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3wireServers: LiveServer[];
  }
}

/** The selected servers; empty with S3WIRE_SERVERS=none. */
export function liveServers(): LiveServer[] {
  // undefined if the global setup did not run (a config without test/servers/global-setup.ts).
  return inject('s3wireServers') ?? [];
}

/** Host header value (`host:port`) of a server, as signed. */
export function hostOf(server: LiveServer): string {
  return new URL(server.endpoint).host;
}
