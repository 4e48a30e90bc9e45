// s3wire for Bun: files as on Node, Bun's own hashes for signing (src/sigv4/crypto-bun.ts), and
// HTTP/1.1 on Bun's own sockets as the transport (src/http/bun-transport.ts; TLS sockets for
// https). Bun's built-in `undici` is a stand-in whose Agent cannot send requests, so the undici
// transport cannot be used there.
import { S3CoreBase, type ClientOptions, type Runtime } from './core.ts';
import { bunTransport } from './http/bun-transport.ts';
import { FileS3Client } from './node/client.ts';
import { nodeRuntime } from './node/runtime.ts';
import { createSigner } from './sigv4/index.bun.ts';

const bunRuntime: Runtime = { ...nodeRuntime, createSigner, createTransport: () => bunTransport() };

export class S3Client extends FileS3Client {
  constructor(options: ClientOptions = {}) {
    super(options, bunRuntime);
  }
}

/** The small client: no methods; use the operation functions (`putObject(s3, ...)`). */
export class S3Core extends S3CoreBase {
  constructor(options: ClientOptions = {}) {
    super(options, bunRuntime);
  }
}

export * from './public.ts';
export { bunTransport, type BunTransportOptions } from './http/bun-transport.ts';
export type { TlsOptions } from './http/tls-options.ts';
export type { UploadFileInput, DownloadFileInput, DownloadFileResult } from './node/client.ts';
