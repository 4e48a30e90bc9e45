// s3wire for workerd (Cloudflare Workers): the web entry, with stream bodies of known length
// sent through a FixedLengthStream so that workerd's fetch keeps their Content-Length.
import { S3ClientBase } from '../client.ts';
import { S3CoreBase, type ClientOptions, type Runtime } from '../core.ts';
import { fetchTransport } from '../http/fetch-transport.ts';
import { webRuntime } from '../index.web.ts';
import { fixedLengthStream } from './fixed-length.ts';

export const workerdRuntime: Runtime = {
  ...webRuntime,
  createTransport: () => fetchTransport(globalThis.fetch, { sizedStream: fixedLengthStream }),
};

export class S3Client extends S3ClientBase {
  constructor(options: ClientOptions = {}) {
    super(options, workerdRuntime);
  }
}

export class S3Core extends S3CoreBase {
  constructor(options: ClientOptions = {}) {
    super(options, workerdRuntime);
  }
}

export * from '../public.ts';
