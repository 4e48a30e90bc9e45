// s3wire for Deno (the `deno` export condition): files and the node:crypto signer as on Node
// (Deno's Node compatibility), and HTTP/1.1 on Deno's own TCP and TLS connections as the
// transport (src/http/deno-transport.ts, which says why not undici on Deno's node:tls). The Node
// transports are here too, for who asks: undiciTransport(), netTransport().
import { S3CoreBase, type ClientOptions, type Runtime } from './core.ts';
import { denoTransport } from './http/deno-transport.ts';
import { FileS3Client } from './node/client.ts';
import { nodeRuntime } from './node/runtime.ts';

const denoRuntime: Runtime = { ...nodeRuntime, createTransport: () => denoTransport() };

export class S3Client extends FileS3Client {
  constructor(options: ClientOptions = {}) {
    super(options, denoRuntime);
  }
}

/** The small client: no methods; use the operation functions (`putObject(s3, ...)`). */
export class S3Core extends S3CoreBase {
  constructor(options: ClientOptions = {}) {
    super(options, denoRuntime);
  }
}

export * from './public.ts';
export { denoTransport, type DenoTransportOptions } from './http/deno-transport.ts';
export { netTransport, type NetTransportOptions } from './http/net-transport.ts';
export { undiciTransport, type UndiciTransportOptions, type TlsOptions } from './http/undici-transport.ts';
export type { UploadFileInput, DownloadFileInput, DownloadFileResult } from './node/client.ts';
