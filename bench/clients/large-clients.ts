// The large-object transfers of each client: an upload from a stream of unknown length (each
// library's managed/streaming upload) and a download read as a stream. Every library gets the same
// part size and parallelism where it lets the caller choose them.
import type { ClientOptions } from '../../src/index.ts';
import { agentOptions, S3WIRE_POOL, type S3WireClass, type Target } from './node-clients.ts';
import type { Runtime } from './workers.ts';

export interface TransferSettings {
  readonly partSize: number;
  readonly concurrency: number;
}

export interface LargeClient {
  /**
   * One HEAD of an existing object, made before the transfer is timed, so that its MiB/s is the
   * transfer's: what a client loads or sets up on its first request (undici's Agent, ~40 ms, for
   * s3wire on Node) is timed apart, as the "first HEAD".
   */
  head(key: string): Promise<unknown>;
  upload?(key: string, body: AsyncIterable<Uint8Array>, s: TransferSettings): Promise<unknown>;
  download?(key: string, s: TransferSettings): Promise<AsyncIterable<Uint8Array>>;
}

/** The floor's URLs, presigned by the parent with s3wire's signer (it cannot know the upload ID otherwise). */
export interface FloorUrls {
  readonly origin: string;
  /** Part n is parts[n - 1]. */
  readonly parts?: readonly string[];
  readonly complete?: string;
  readonly get?: string;
  /** A HEAD of the object every client downloads (the first request, timed apart). */
  readonly head?: string;
}

export interface LargeDef {
  readonly id: string;
  readonly label: { upload: string; download: string };
  readonly packages: readonly string[];
  /** Set when a direction cannot be done: why. */
  readonly na?: { upload?: string; download?: string };
  readonly runtime: Runtime;
  readonly create: (t: Target, floor?: FloorUrls) => Promise<LargeClient>;
}

const toNodeReadable = async (body: AsyncIterable<Uint8Array>) => (await import('node:stream')).Readable.from(body, { objectMode: false });

/**
 * Cut a stream into parts of `size` bytes, one buffer each (the last may be short). With `free`,
 * a part's buffer is taken from it when it holds one (the caller gives sent parts back).
 */
export async function* parts(body: AsyncIterable<Uint8Array>, size: number, free?: Uint8Array[]): AsyncGenerator<Uint8Array> {
  const fresh = () => free?.pop() ?? new Uint8Array(size);
  let buf = fresh();
  let pos = 0;
  for await (let chunk of body) {
    while (chunk.length > 0) {
      const take = Math.min(size - pos, chunk.length);
      buf.set(chunk.subarray(0, take), pos);
      pos += take;
      chunk = chunk.subarray(take);
      if (pos === size) {
        yield buf;
        buf = fresh();
        pos = 0;
      }
    }
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/** s3wire's managed upload and a streamed getObject, under either runtime's entry. */
function s3wireLarge(S3Client: S3WireClass, t: Target, extra: Partial<ClientOptions> = {}): LargeClient {
  const c = new S3Client({ endpoint: t.endpoint, region: t.region, credentials: t, ...extra });
  return {
    head: (key) => c.headObject({ bucket: t.bucket, key }),
    upload: (key, body, s) => c.upload({ bucket: t.bucket, key, body, partSize: s.partSize, concurrency: s.concurrency }),
    download: async (key) => (await c.getObject({ bucket: t.bucket, key })).body,
  };
}

export const LARGE_CLIENTS: readonly LargeDef[] = [
  {
    id: 's3wire',
    label: { upload: 's3wire upload()', download: 's3wire getObject() body' },
    packages: ['s3wire'],
    runtime: 'node',
    create: async (t) => s3wireLarge((await import('../../src/index.ts')).S3Client, t),
  },
  {
    // The same calls on s3wire's own HTTP/1.1 over node:net (the bun entry's transport) instead of undici.
    id: 's3wire-net',
    label: { upload: 's3wire upload(), netTransport()', download: 's3wire getObject() body, netTransport()' },
    packages: ['s3wire'],
    runtime: 'node',
    async create(t) {
      const { S3Client, netTransport } = await import('../../src/index.ts');
      return s3wireLarge(S3Client, t, { transport: netTransport() });
    },
  },
  {
    // The same calls through s3wire's bun entry (its HTTP/1.1 transport on Bun's sockets), beside Bun's own client.
    id: 's3wire-bun',
    label: { upload: 's3wire upload() (under bun)', download: 's3wire getObject() body (under bun)' },
    packages: ['s3wire', 'bun'],
    runtime: 'bun',
    create: async (t) => s3wireLarge((await import('../../src/index.bun.ts')).S3Client, t),
  },
  {
    // The same calls through s3wire's deno entry (its HTTP/1.1 transport on Deno's connections).
    id: 's3wire-deno',
    label: { upload: 's3wire upload() (under deno)', download: 's3wire getObject() body (under deno)' },
    packages: ['s3wire', 'deno'],
    runtime: 'deno',
    create: async (t) => s3wireLarge((await import('../../src/index.deno.ts')).S3Client, t),
  },
  {
    // The same upload with UNSIGNED-PAYLOAD parts: by default s3wire signs each part's SHA-256.
    id: 's3wire-unsigned',
    label: { upload: 's3wire upload(), signPayload: false', download: '' },
    packages: ['s3wire'],
    na: { download: 'the same getObject() as the s3wire row' },
    runtime: 'node',
    async create(t) {
      const { S3Client } = await import('../../src/index.ts');
      const c = new S3Client({ endpoint: t.endpoint, region: t.region, credentials: t, signPayload: false });
      return { head: (key) => c.headObject({ bucket: t.bucket, key }), upload: (key, body, s) => c.upload({ bucket: t.bucket, key, body, partSize: s.partSize, concurrency: s.concurrency }) };
    },
  },
  {
    id: 's3wire-ranged',
    label: { upload: '', download: 's3wire download() (parallel ranges)' },
    packages: ['s3wire'],
    na: { upload: 'the same upload() as the s3wire row' },
    runtime: 'node',
    async create(t) {
      const { S3Client } = await import('../../src/index.ts');
      const c = new S3Client({ endpoint: t.endpoint, region: t.region, credentials: t });
      return { head: (key) => c.headObject({ bucket: t.bucket, key }), download: async (key, s) => (await c.download({ bucket: t.bucket, key, partSize: s.partSize, concurrency: s.concurrency })).body };
    },
  },
  {
    id: 'aws-sdk',
    label: { upload: '@aws-sdk/lib-storage Upload', download: '@aws-sdk/client-s3 GetObject Body' },
    packages: ['@aws-sdk/client-s3', '@aws-sdk/lib-storage'],
    runtime: 'node',
    async create(t) {
      const s3 = await import('@aws-sdk/client-s3');
      const c = new s3.S3Client({
        endpoint: t.endpoint,
        region: t.region,
        credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
        forcePathStyle: true,
      });
      return {
        head: (Key) => c.send(new s3.HeadObjectCommand({ Bucket: t.bucket, Key })),
        async upload(Key, body, s) {
          const { Upload } = await import('@aws-sdk/lib-storage');
          const up = new Upload({ client: c, params: { Bucket: t.bucket, Key, Body: await toNodeReadable(body) }, partSize: s.partSize, queueSize: s.concurrency });
          return up.done();
        },
        download: async (Key) => (await c.send(new s3.GetObjectCommand({ Bucket: t.bucket, Key }))).Body as unknown as AsyncIterable<Uint8Array>,
      };
    },
  },
  {
    id: 'minio',
    label: { upload: 'minio putObject(stream)', download: 'minio getObject()' },
    packages: ['minio'],
    runtime: 'node',
    async create(t) {
      const Minio = await import('minio');
      const u = new URL(t.endpoint);
      const c = new Minio.Client({
        endPoint: u.hostname,
        port: Number(u.port),
        useSSL: u.protocol === 'https:',
        accessKey: t.accessKeyId,
        secretKey: t.secretAccessKey,
        region: t.region,
        // Without it, a stream of unknown size gets parts of ~528 MiB (5 TiB / 10,000, rounded up),
        // so this 256 MiB stream would be read whole into memory and sent in one PUT.
        partSize: 8 * 1024 * 1024,
      });
      return {
        head: (key) => c.statObject(t.bucket, key),
        // minio-js sends the parts one after the other: there is no parallelism to set.
        upload: async (key, body) => c.putObject(t.bucket, key, await toNodeReadable(body)),
        download: async (key) => c.getObject(t.bucket, key),
      };
    },
  },
  {
    id: 'aws4fetch',
    label: { upload: 'aws4fetch', download: 'aws4fetch AwsClient.fetch body' },
    packages: ['aws4fetch'],
    na: { upload: 'no multipart upload, and one PUT of a stream needs its length' },
    runtime: 'node',
    async create(t) {
      const { AwsClient } = await import('aws4fetch');
      const aws = new AwsClient({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, service: 's3', region: t.region });
      return {
        async head(key) {
          const res = await aws.fetch(`${t.endpoint}/${t.bucket}/${key}`, { method: 'HEAD' });
          if (!res.ok) throw new Error(`HEAD ${key}: HTTP ${res.status}`);
        },
        async download(key) {
          const res = await aws.fetch(`${t.endpoint}/${t.bucket}/${key}`);
          if (!res.ok || !res.body) throw new Error(`GET ${key}: HTTP ${res.status}`);
          return res.body as unknown as AsyncIterable<Uint8Array>;
        },
      };
    },
  },
  {
    id: 'lean-s3',
    label: { upload: 'lean-s3 S3File.write(stream)', download: 'lean-s3 S3File.stream()' },
    packages: ['lean-s3'],
    runtime: 'node',
    async create(t) {
      const { S3Client } = await import('lean-s3');
      const c = new S3Client({ endpoint: t.endpoint, region: t.region, bucket: t.bucket, accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey });
      return {
        head: (key) => c.file(key).stat(),
        // lean-s3 has no managed upload; its write() takes a Node Readable: tried as it is.
        upload: async (key, body) => c.file(key).write(await toNodeReadable(body)),
        download: async (key) => c.file(key).stream() as unknown as AsyncIterable<Uint8Array>,
      };
    },
  },
  {
    id: 's3mini',
    label: { upload: 's3mini putAnyObject(ReadableStream)', download: 's3mini getObjectResponse() body' },
    packages: ['s3mini'],
    runtime: 'node',
    async create(t) {
      const { S3mini } = await import('s3mini');
      return {
        head: (key) => new S3mini({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, endpoint: `${t.endpoint}/${t.bucket}`, region: t.region }).getContentLength(key),
        // Its multipart upload sends 4 parts at once (fixed); the part size is minPartSize.
        async upload(key, body, s) {
          const c = new S3mini({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, endpoint: `${t.endpoint}/${t.bucket}`, region: t.region, minPartSize: s.partSize });
          const stream = (ReadableStream as unknown as { from(it: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> }).from(body);
          const res = await c.putAnyObject(key, stream as ReadableStream);
          if (!res.ok) throw new Error(`upload: HTTP ${res.status}`);
        },
        async download(key) {
          const c = new S3mini({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, endpoint: `${t.endpoint}/${t.bucket}`, region: t.region });
          const res = await c.getObjectResponse(key);
          if (!res?.ok || !res.body) throw new Error(`GET ${key}: HTTP ${res?.status}`);
          return res.body as unknown as AsyncIterable<Uint8Array>;
        },
      };
    },
  },
  {
    id: 'bun',
    label: { upload: 'Bun S3Client writer() (under bun)', download: 'Bun S3File.stream() (under bun)' },
    packages: ['bun'],
    runtime: 'bun',
    async create(t) {
      const { bunLarge } = await import('./bun-client.ts');
      return bunLarge(t);
    },
  },
  {
    id: 'floor',
    label: { upload: 'floor: bare undici, multipart on presigned URLs', download: 'floor: bare undici GET on a presigned URL' },
    packages: ['undici'],
    runtime: 'node',
    async create(t, urls) {
      if (!urls) throw new Error('the floor needs presigned URLs');
      const { Agent } = await import('undici');
      const agent = new Agent(agentOptions(t, S3WIRE_POOL));
      const origin = urls.origin;
      return {
        async head() {
          const r = await agent.request({ origin, path: urls.head!, method: 'HEAD' });
          await r.body.dump();
          if (r.statusCode !== 200) throw new Error(`HEAD: HTTP ${r.statusCode}`);
        },
        async upload(_key, body, s) {
          const etags: string[] = [];
          const inFlight = new Set<Promise<void>>();
          let failed: unknown;
          let n = 0;
          for await (const part of parts(body, s.partSize)) {
            const i = n++;
            const path = urls.parts?.[i];
            if (!path) throw new Error(`no presigned URL for part ${i + 1}`);
            const p = (async () => {
              const r = await agent.request({ origin, path, method: 'PUT', body: part });
              await r.body.dump();
              if (r.statusCode !== 200) throw new Error(`part ${i + 1}: HTTP ${r.statusCode}`);
              etags[i] = String(r.headers.etag);
            })()
              .catch((e) => void (failed ??= e))
              .finally(() => inFlight.delete(p));
            inFlight.add(p);
            while (inFlight.size >= s.concurrency) await Promise.race(inFlight);
            if (failed) throw failed;
          }
          await Promise.all(inFlight);
          if (failed) throw failed;
          const xml = '<CompleteMultipartUpload>' + etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('') + '</CompleteMultipartUpload>';
          const r = await agent.request({ origin, path: urls.complete!, method: 'POST', body: xml });
          const text = await r.body.text();
          if (r.statusCode !== 200 || text.includes('<Error>')) throw new Error(`complete: HTTP ${r.statusCode} ${text.slice(0, 200)}`);
        },
        async download() {
          const r = await agent.request({ origin, path: urls.get!, method: 'GET' });
          if (r.statusCode !== 200) throw new Error(`GET: HTTP ${r.statusCode}`);
          return r.body;
        },
      };
    },
  },
];
