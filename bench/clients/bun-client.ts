// Bun's built-in S3 client (native code inside the runtime), for the worker when it runs under Bun;
// s3wire's bun and deno entries; and the runtime's own fetch on presigned URLs, the floor under Bun and Deno.
import type { SmallClient } from './loop.ts';
import type { LargeClient } from './large-clients.ts';
import { METHOD, presigner, s3wireSmall, type Target } from './node-clients.ts';

interface BunS3File {
  bytes(): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  writer(o: { partSize: number; queueSize: number }): { write(c: Uint8Array): number | Promise<number>; end(): Promise<number> };
}
interface BunS3Client {
  file(key: string): BunS3File;
  write(key: string, data: Uint8Array): Promise<number>;
  stat(key: string): Promise<{ size: number }>;
  delete(key: string): Promise<void>;
  list(o: { prefix: string; maxKeys: number; continuationToken?: string }): Promise<{ contents?: unknown[]; isTruncated?: boolean; nextContinuationToken?: string }>;
}
declare const Bun: { version: string; S3Client: new (o: Record<string, unknown>) => BunS3Client } | undefined;

function bunClient(t: Target): BunS3Client {
  if (typeof Bun === 'undefined') throw new Error('Bun.S3Client exists only under bun');
  return new Bun.S3Client({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, endpoint: t.endpoint, region: t.region, bucket: t.bucket });
}

export function bunSmall(t: Target): SmallClient {
  const c = bunClient(t);
  return {
    put: (key, body) => c.write(key, body),
    get: (key) => c.file(key).bytes(),
    head: async (key) => (await c.stat(key)).size,
    del: (key) => c.delete(key),
    async list(prefix) {
      let n = 0;
      let token: string | undefined;
      for (;;) {
        const page = await c.list({ prefix, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
        n += page.contents?.length ?? 0;
        if (!page.isTruncated || !page.nextContinuationToken) return n;
        token = page.nextContinuationToken;
      }
    },
  };
}

export function bunLarge(t: Target): LargeClient {
  const c = bunClient(t);
  return {
    head: (key) => c.stat(key),
    // The writer sends parts of partSize, queueSize at once, as the docs show for large files.
    async upload(key, body, { partSize, concurrency }) {
      const w = c.file(key).writer({ partSize, queueSize: concurrency });
      for await (const chunk of body) {
        const r = w.write(chunk);
        if (typeof r !== 'number') await r;
      }
      await w.end();
    },
    download: async (key) => c.file(key).stream() as unknown as AsyncIterable<Uint8Array>,
  };
}

/** s3wire through its bun entry (its HTTP/1.1 transport on Bun's sockets), driven as on Node. */
export async function s3wireBunSmall(t: Target): Promise<SmallClient> {
  return s3wireSmall((await import('../../src/index.bun.ts')).S3Client, t);
}

/** s3wire through its deno entry (its HTTP/1.1 transport on Deno's connections), driven as on Node. */
export async function s3wireDenoSmall(t: Target): Promise<SmallClient> {
  return s3wireSmall((await import('../../src/index.deno.ts')).S3Client, t);
}

/**
 * The floor in Bun's runtime (and in Deno's): the runtime's fetch on URLs presigned beforehand
 * (outside the timing). Under Bun that is what s3wire's bun entry used to go through; under Deno,
 * Deno's native HTTP client, the fastest way to a server Deno has short of its sockets.
 */
export async function fetchFloorSmall(t: Target): Promise<SmallClient> {
  const p = await presigner(t);
  let urls = new Map<string, string>();
  const call = async (key: string, init: RequestInit, want: number, what: string) => {
    const url = urls.get(key);
    if (url === undefined) throw new Error(`no presigned URL for ${key}`);
    const res = await fetch(url, init);
    if (res.status !== want) throw new Error(`${what}: HTTP ${res.status}`);
    return res;
  };
  return {
    prepare(op, keys) {
      urls = new Map();
      for (const k of keys) if (!urls.has(k)) urls.set(k, p.origin + p.path(METHOD[op], k));
    },
    put: async (key, body) => void (await (await call(key, { method: 'PUT', body: body as BodyInit }, 200, 'PUT')).arrayBuffer()),
    get: async (key) => new Uint8Array(await (await call(key, { method: 'GET' }, 200, 'GET')).arrayBuffer()),
    head: async (key) => Number((await call(key, { method: 'HEAD' }, 200, 'HEAD')).headers.get('content-length')),
    del: async (key) => void (await (await call(key, { method: 'DELETE' }, 204, 'DELETE')).arrayBuffer()),
  };
}
