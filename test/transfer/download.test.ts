// downloadFile() and download() against real servers: parallel ranges pinned to the first ETag,
// edge sizes, an object overwritten mid-download, abort. Compared by SHA-256, streamed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, IntegrityError, isServiceError, type TransferProgress } from '../../src/index.ts';
import { createReadStream } from 'node:fs';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, clientFor, dropBucket, generate, generateBytes, hashStream, recordingTransport, sha256 } from './helpers.ts';

const fileSha = (path: string) => hashStream(createReadStream(path));

describe.each(liveServers())('downloads on $name', (server: LiveServer) => {
  const bucket = `download-${randomBytes(4).toString('hex')}`;
  const s3 = clientFor(server);
  let dir: string;
  let bigSha: string;
  const BIG = 64 * MiB + 777;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3wire-download-'));
    await s3.createBucket({ bucket });
    const src = generate('dl-big', BIG);
    await s3.upload({ bucket, key: 'big.bin', body: src.stream, partSize: 16 * MiB });
    bigSha = src.sha256();
  }, 300_000);
  afterAll(async () => {
    await dropBucket(s3, bucket);
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a 64 MiB object in 8 MiB ranges, 4 at once, every range pinned with If-Match', { timeout: 300_000 }, async () => {
    const transport = recordingTransport();
    const c = clientFor(server, { transport });
    const path = join(dir, 'big.bin');
    const events: TransferProgress[] = [];
    const t0 = performance.now();
    const r = await c.downloadFile({ bucket, key: 'big.bin', path, partSize: 8 * MiB, concurrency: 4, onProgress: (p) => events.push(p) });
    const s = (performance.now() - t0) / 1000;
    expect(r.contentLength).toBe(BIG);
    expect(await fileSha(path)).toEqual({ sha256: bigSha, length: BIG });
    const gets = transport.log.filter((x) => x.method === 'GET');
    expect(gets).toHaveLength(Math.ceil(BIG / (8 * MiB)));
    expect(gets[0]!.headers['if-match']).toBeUndefined();
    for (const g of gets.slice(1)) expect(g.headers['if-match']).toBe(r.eTag);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    expect(events.at(-1)).toEqual({ loaded: BIG, total: BIG });
    // The same through download(): the bytes in order, as a stream.
    const t1 = performance.now();
    const d = await c.download({ bucket, key: 'big.bin', partSize: 8 * MiB, concurrency: 4 });
    expect(d.contentLength).toBe(BIG);
    expect(await hashStream(d.body)).toEqual({ sha256: bigSha, length: BIG });
    const s2 = (performance.now() - t1) / 1000;
    console.log(`[${server.name}] download 64 MiB (8 MiB x 4): to a file ${(64 / s).toFixed(0)} MiB/s, in order as a stream ${(64 / s2).toFixed(0)} MiB/s`);
    await c.close();
  });

  it.each([
    ['0 bytes', 0],
    ['1 byte', 1],
    ['exactly one range', 5 * MiB],
    ['one byte over a range', 5 * MiB + 1],
  ])('%s, to a file and as a stream', async (_, size) => {
    const data = generateBytes(`dl-${size}`, size);
    const key = `edge/${size}.bin`;
    await s3.putObject({ bucket, key, body: data });
    const path = join(dir, `edge-${size}.bin`);
    const events: TransferProgress[] = [];
    const r = await s3.downloadFile({ bucket, key, path, partSize: 5 * MiB, onProgress: (p) => events.push(p) });
    expect(r.contentLength).toBe(size);
    expect((await stat(path)).size).toBe(size);
    expect(sha256(await readFile(path))).toBe(sha256(data));
    expect(events.at(-1)).toEqual({ loaded: size, total: size });
    const d = await s3.download({ bucket, key, partSize: 5 * MiB });
    expect(await hashStream(d.body)).toEqual({ sha256: sha256(data), length: size });
    // A web ReadableStream too.
    const d2 = await s3.download({ bucket, key, partSize: 1 * MiB, concurrency: 3 });
    const chunks: Uint8Array[] = [];
    const reader = d2.body.stream().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });

  it('empty chunks in a body (a web stream may hand them over) are no progress: onProgress only rises', async () => {
    // The real answers, each body with an empty chunk before and after every real one.
    const inner = recordingTransport();
    const c = clientFor(server, {
      transport: {
        async send(req) {
          const res = await inner.send(req);
          const body = res.body;
          async function* padded() {
            yield new Uint8Array(0);
            for await (const chunk of body) {
              yield chunk;
              yield new Uint8Array(0);
            }
          }
          return { ...res, body: Object.assign(Object.create(body), { [Symbol.asyncIterator]: padded }) };
        },
        close: () => inner.close(),
      },
    });
    const size = 3 * MiB + 5;
    const data = generateBytes('dl-empty-chunks', size);
    await s3.putObject({ bucket, key: 'padded.bin', body: data });
    for (const via of ['file', 'stream'] as const) {
      const events: TransferProgress[] = [];
      const onProgress = (p: TransferProgress) => events.push(p);
      let got: { sha256: string; length: number };
      if (via === 'file') {
        const path = join(dir, 'padded.bin');
        await c.downloadFile({ bucket, key: 'padded.bin', path, partSize: MiB, concurrency: 2, onProgress });
        got = await fileSha(path);
      } else {
        const d = await c.download({ bucket, key: 'padded.bin', partSize: MiB, concurrency: 2, onProgress });
        got = await hashStream(d.body);
      }
      expect(got).toEqual({ sha256: sha256(data), length: size });
      for (let i = 1; i < events.length; i++) expect(events[i]!.loaded, `${via}: event ${i}`).toBeGreaterThan(events[i - 1]!.loaded);
      expect(events.at(-1)).toEqual({ loaded: size, total: size });
    }
    await c.close();
  });

  it('an object overwritten mid-download fails, and leaves neither the file nor a temp file', async () => {
    const key = 'changing.bin';
    const size = 12 * MiB;
    await s3.putObject({ bucket, key, body: generateBytes('v1', size) });
    const sub = await mkdtemp(join(dir, 'changing-'));
    const path = join(sub, 'out.bin');
    for (const how of ['file', 'stream'] as const) {
      await s3.putObject({ bucket, key, body: generateBytes('v1', size) });
      const transport = recordingTransport();
      let overwritten = false;
      // Before the second range goes out, replace the object (same size, other bytes).
      transport.before = async (req) => {
        if (req.method === 'GET' && req.headers.range && req.headers.range !== 'bytes=0-4194303' && !overwritten) {
          overwritten = true;
          await s3.putObject({ bucket, key, body: generateBytes('v2', size) });
        }
      };
      const c = clientFor(server, { transport });
      const e =
        how === 'file'
          ? await c.downloadFile({ bucket, key, path, partSize: 4 * MiB, concurrency: 1 }).catch((x: unknown) => x)
          : await c
              .download({ bucket, key, partSize: 4 * MiB, concurrency: 1 })
              .then((d) => hashStream(d.body))
              .catch((x: unknown) => x);
      await c.close();
      expect(overwritten).toBe(true);
      // MinIO honours If-Match (412); s3s-fs ignores it, and the ETag check catches the change.
      if (server.name === 'minio') expect(isServiceError(e, 'PreconditionFailed')).toBe(true);
      else if (server.name === 's3s-fs') expect(e instanceof IntegrityError && e.code).toBe('ObjectChanged');
      else expect(e instanceof IntegrityError || isServiceError(e, 'PreconditionFailed')).toBe(true);
      expect(await readdir(sub)).toEqual([]);
    }
  });

  it('an abort mid-way stops the download and leaves no file', async () => {
    const path = join(dir, 'aborted.bin');
    const ac = new AbortController();
    const e = await s3
      .downloadFile({ bucket, key: 'big.bin', path, partSize: 4 * MiB, concurrency: 2, signal: ac.signal, onProgress: (p) => p.loaded > 10 * MiB && ac.abort() })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((await readdir(dir)).filter((f) => f.includes('aborted'))).toEqual([]);
    const ac2 = new AbortController();
    const d = await s3.download({ bucket, key: 'big.bin', partSize: 4 * MiB, signal: ac2.signal });
    let n = 0;
    const e2 = await (async () => {
      for await (const c of d.body) if ((n += c.length) > 10 * MiB) ac2.abort();
    })().catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(AbortError);
  });

  it('a missing object fails before any file is made', async () => {
    const path = join(dir, 'missing.bin');
    const e = await s3.downloadFile({ bucket, key: 'no/such/key', path }).catch((x: unknown) => x);
    expect(isServiceError(e, 'NoSuchKey')).toBe(true);
    expect((await readdir(dir)).filter((f) => f.includes('missing'))).toEqual([]);
  });

  it('a download that is not read can be cancelled', async () => {
    const d = await s3.download({ bucket, key: 'big.bin', partSize: 4 * MiB });
    await d.body.cancel();
    // The client is still usable: the connection was released.
    const h = await s3.headObject({ bucket, key: 'big.bin' });
    expect(h.contentLength).toBe(BIG);
  });
});
