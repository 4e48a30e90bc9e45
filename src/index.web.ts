// s3wire for runtimes without Node built-ins (workerd, browsers, edge): fetch and WebCrypto.
// No node: import is reachable from here.
import { S3ClientBase } from './client.ts';
import { S3CoreBase, type ClientOptions, type Runtime } from './core.ts';
import { fetchTransport } from './http/fetch-transport.ts';
import { webCrypto } from './sigv4/crypto-web.ts';
import { AsyncSigner } from './sigv4/signer.ts';
import { md5 } from './web/md5.ts';

export const webRuntime: Runtime = {
  createSigner: (options) => new AsyncSigner(options, webCrypto()),
  createTransport: () => fetchTransport(),
  md5,
};

export class S3Client extends S3ClientBase {
  constructor(options: ClientOptions = {}) {
    super(options, webRuntime);
  }
}

/** The small client: no methods; use the operation functions (`putObject(s3, ...)`). */
export class S3Core extends S3CoreBase {
  constructor(options: ClientOptions = {}) {
    super(options, webRuntime);
  }
}

export * from './public.ts';
