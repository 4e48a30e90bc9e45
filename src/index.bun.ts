// s3wire for Bun: node:crypto and files as on Node, but Bun's own fetch as the transport. Bun's
// built-in `undici` is a stand-in whose Agent cannot send requests, so the undici transport
// cannot be used there.
import { S3CoreBase, type ClientOptions } from './core.ts';
import { fetchTransport } from './http/fetch-transport.ts';
import { FileS3Client } from './node/client.ts';
import { nodeRuntime } from './node/runtime.ts';

const bunRuntime = { ...nodeRuntime, createTransport: () => fetchTransport() };

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
export type { UploadFileInput, DownloadFileInput, DownloadFileResult } from './node/client.ts';
