// s3wire for Node: undici transport (loaded on first request), or netTransport() (our own
// HTTP/1.1 on node:net) when asked; node:crypto signer. Deno has an entry of its own (index.deno.ts).
import { S3CoreBase, type ClientOptions } from './core.ts';
import { FileS3Client } from './node/client.ts';
import { nodeRuntime } from './node/runtime.ts';

export class S3Client extends FileS3Client {
  constructor(options: ClientOptions = {}) {
    super(options, nodeRuntime);
  }
}

/** The small client: no methods; use the operation functions (`putObject(s3, ...)`). */
export class S3Core extends S3CoreBase {
  constructor(options: ClientOptions = {}) {
    super(options, nodeRuntime);
  }
}

export * from './public.ts';
export { netTransport, type NetTransportOptions } from './http/net-transport.ts';
export { undiciTransport, type UndiciTransportOptions, type TlsOptions } from './http/undici-transport.ts';
export type { UploadFileInput, DownloadFileInput, DownloadFileResult } from './node/client.ts';
