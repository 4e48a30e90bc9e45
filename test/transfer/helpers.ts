// Helpers for the live transfer tests: deterministic data made on the fly (never held whole),
// hashing what comes back, and a transport that records (and can delay or alter) requests.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client, type HttpRequest, type Transport } from '../../src/index.ts';
import { baseTransport, testTransport } from '../live/helpers/transport.ts';
import type { LiveServer } from '../servers/servers.ts';

export const MiB = 1024 * 1024;

/** AES-256-CTR keystream: fast, deterministic pseudo-random bytes for a seed. */
function keystream(seed: string) {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
}

export interface Generated {
  /** A Node stream of `size` bytes in uneven pieces; its length is not told to anyone. */
  readonly stream: Readable;
  /** SHA-256 of everything produced so far (all of it once the stream has ended). */
  readonly sha256: () => string;
}

/**
 * `size` deterministic bytes for `seed`, in pieces of ~1 MiB that never line up with parts.
 * `failAt`: throw once that many bytes have been produced (a disk that breaks mid-read).
 */
export function generate(seed: string, size: number, opts: { failAt?: number } = {}): Generated {
  const cipher = keystream(seed);
  const hash = createHash('sha256');
  let produced = 0;
  let digest: string | undefined;
  const stream = Readable.from(
    (function* () {
      while (produced < size) {
        if (opts.failAt !== undefined && produced >= opts.failAt) throw new Error('disk read failed');
        const n = Math.min(size - produced, MiB + 4099);
        const chunk = cipher.update(Buffer.alloc(n));
        hash.update(chunk);
        produced += n;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, sha256: () => (digest ??= produced === size ? hash.digest('hex') : 'incomplete') };
}

/** The same bytes as generate(), in memory (small sizes only). */
export function generateBytes(seed: string, size: number): Buffer {
  return keystream(seed).update(Buffer.alloc(size));
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** SHA-256 and length of a body, streamed (never buffered whole). */
export async function hashStream(body: AsyncIterable<Uint8Array>): Promise<{ sha256: string; length: number }> {
  const h = createHash('sha256');
  let length = 0;
  for await (const c of body) {
    h.update(c);
    length += c.length;
  }
  return { sha256: h.digest('hex'), length };
}

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

export interface RecordingTransport extends Transport {
  readonly log: Recorded[];
  /** Runs before each request is sent (may wait, or replace the body). */
  before?: (req: HttpRequest) => Promise<HttpRequest | void> | HttpRequest | void;
}

export function recordingTransport(): RecordingTransport {
  const inner = baseTransport();
  const t: RecordingTransport = {
    log: [],
    async send(req) {
      t.log.push({ method: req.method, path: req.path, headers: req.headers });
      const changed = await t.before?.(req);
      return inner.send(changed ?? req);
    },
    close: () => inner.close(),
  };
  return t;
}

export function clientFor(server: LiveServer, extra: { transport?: Transport; streamingSignature?: boolean } = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    ...testTransport(),
    ...extra,
  });
}

/** Delete every object, then the bucket. */
export async function dropBucket(s3: S3Client, bucket: string): Promise<void> {
  for await (const o of s3.listObjects({ bucket })) await s3.deleteObject({ bucket, key: o.key });
  await s3.deleteBucket({ bucket });
}

/** Peak of process.memoryUsage().arrayBuffers while `fn` runs (sampled every 20 ms). */
export async function peakArrayBuffers<T>(fn: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().arrayBuffers;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }, 20);
  try {
    return { result: await fn(), peak };
  } finally {
    clearInterval(timer);
  }
}
