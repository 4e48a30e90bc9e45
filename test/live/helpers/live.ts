// What the live tests share: a client per server, a fresh random bucket per test (emptied and
// deleted after it, including unfinished multipart uploads), a transport that records what went on
// the wire, and small byte helpers.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { baseTransport, testTransport } from './transport.ts';
import { S3Client, isServiceError, type ClientOptions, type TlsOptions, type HttpRequest, type HttpResponse, type Transport } from '../../../src/index.ts';
import type { LiveServer } from '../../servers/servers.ts';

export const MiB = 1024 * 1024;

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
export const md5Hex = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The ETag S3 gives a multipart object: MD5 of the parts' binary MD5s, then `-<parts>`. */
export function multipartETag(parts: readonly Uint8Array[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(createHash('md5').update(p).digest());
  return `"${h.digest('hex')}-${parts.length}"`;
}

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Deterministic-size random data, as a plain Uint8Array (not a Buffer). */
export function randomData(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(n));
}

/** `data` cut into pieces of uneven size, as a stream would deliver it. */
export function* pieces(data: Uint8Array, sizes: readonly number[] = [1, 7, 4096, 65_536, 100_003]): Generator<Uint8Array> {
  let i = 0;
  for (let off = 0; off < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.subarray(off, off + n);
    off += n;
  }
}

export function webStreamOf(data: Uint8Array): ReadableStream<Uint8Array> {
  const it = pieces(data);
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const r = it.next();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
  });
}

export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    chunks.push(r.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly status?: number;
  readonly responseHeaders?: Record<string, string>;
}

/** The transport under test (undici unless S3WIRE_TEST_TRANSPORT=net), keeping a log of each request and the status/headers of its answer. */
export function recordingTransport(tls?: TlsOptions): Transport & { readonly log: Exchange[] } {
  const inner = baseTransport(tls);
  const log: Exchange[] = [];
  return {
    log,
    async send(req: HttpRequest): Promise<HttpResponse> {
      const entry: { -readonly [K in keyof Exchange]: Exchange[K] } = { method: req.method, path: req.path, headers: { ...req.headers } };
      log.push(entry);
      const res = await inner.send(req);
      entry.status = res.status;
      entry.responseHeaders = res.headers;
      return res;
    },
    close: () => inner.close(),
  };
}

export function clientFor(server: LiveServer, options: Partial<ClientOptions> = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    ...testTransport(server.ca === undefined ? undefined : { ca: server.ca }),
    ...options,
  });
}

/** Delete every object and unfinished upload in a bucket, then the bucket. Throws if anything is left. */
export async function destroyBucket(s3: S3Client, bucket: string): Promise<void> {
  const uploads = await s3.listMultipartUploads({ bucket }).catch((e: unknown) => e);
  // s3s-fs answers NotImplemented; its tests abort their own uploads.
  if (!isServiceError(uploads, 'NotImplemented')) {
    if (uploads instanceof Error) throw uploads;
    for (const u of (uploads as Awaited<ReturnType<S3Client['listMultipartUploads']>>).uploads) {
      await s3.abortMultipartUpload({ bucket, key: u.key, uploadId: u.uploadId });
    }
  }
  const keys: string[] = [];
  for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
  if (keys.length > 0) {
    const r = await s3.deleteObjects({ bucket, keys });
    if (r.errors.length > 0) throw new Error(`cleanup of ${bucket}: ${JSON.stringify(r.errors.slice(0, 5))}`);
  }
  await s3.deleteBucket({ bucket });
}

export interface Live {
  /** A client with the server's credentials. */
  readonly s3: S3Client;
  /** This test's own bucket, created before it and deleted after it. */
  readonly bucket: string;
  /** Another fresh bucket for this test, deleted after it. */
  newBucket(prefix?: string): Promise<string>;
  /** Another client, closed after the test. */
  client(options?: Partial<ClientOptions>): S3Client;
}

/** Call inside a `describe`: every test in it gets a fresh bucket on `server`. */
export function useLive(server: LiveServer, prefix: string): Live {
  let s3: S3Client | undefined;
  let bucket = '';
  let buckets: string[] = [];
  let clients: S3Client[] = [];

  beforeAll(() => {
    s3 = clientFor(server);
  });
  afterAll(async () => {
    await s3?.close();
  });
  beforeEach(async () => {
    bucket = randomName(prefix);
    await s3!.createBucket({ bucket });
    buckets = [bucket];
  });
  afterEach(async () => {
    for (const c of clients) await c.close();
    clients = [];
    const failures: unknown[] = [];
    for (const b of buckets) await destroyBucket(s3!, b).catch((e: unknown) => failures.push(e));
    buckets = [];
    if (failures.length > 0) throw failures[0];
  });

  return {
    get s3() {
      return s3!;
    },
    get bucket() {
      return bucket;
    },
    async newBucket(p = prefix) {
      const b = randomName(p);
      await s3!.createBucket({ bucket: b });
      buckets.push(b);
      return b;
    },
    client(options = {}) {
      const c = clientFor(server, options);
      clients.push(c);
      return c;
    },
  };
}

/** S3's key order: by the UTF-8 bytes (not JavaScript's UTF-16 order). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Put small objects (the key as body), `concurrency` at once. */
export async function putMany(s3: S3Client, bucket: string, keys: readonly string[], concurrency = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      await s3.putObject({ bucket, key, body: key });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
}
