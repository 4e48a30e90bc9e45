// s3wire for runtimes without Node built-ins (workerd, browsers, edge): fetch and WebCrypto.
// No node: import is reachable from here.
import { S3ClientBase, type ClientOptions, type Runtime } from './client.ts';
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

export * from './public.ts';
