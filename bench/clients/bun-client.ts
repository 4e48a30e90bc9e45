// Bun's built-in S3 client (native code inside the runtime), for the worker when it runs under Bun.
import type { SmallClient } from './loop.ts';
import type { LargeClient } from './large-clients.ts';
import { s3wireSmall, type Target } from './node-clients.ts';

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

/** s3wire through its bun entry (Bun's fetch as the transport), driven as on Node. */
export async function s3wireBunSmall(t: Target): Promise<SmallClient> {
  return s3wireSmall((await import('../../src/index.bun.ts')).S3Client, t);
}
