// upload() against real servers: edge sizes, a large stream of unknown length, abort, a failing
// source, resume, progress. Every object is read back and compared by SHA-256.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ResumableUploadError, isServiceError, type S3Client, type TransferProgress } from '../../src/index.ts';
import { MAX_PART_SIZE, partSizeFor, planPartSize } from '../../src/transfer/upload.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, clientFor, dropBucket, generate, generateBytes, hashStream, peakArrayBuffers, recordingTransport, sha256 } from './helpers.ts';

describe('part sizes', () => {
  it('a stream of unknown length doubles its part size every 1000 parts and fits 5 TiB in 10,000 parts', () => {
    expect(partSizeFor(1, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(1000, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(1001, 8 * MiB)).toBe(16 * MiB);
    expect(partSizeFor(9000, 8 * MiB)).toBe(8 * MiB * 256);
    expect(partSizeFor(9001, 8 * MiB)).toBe(8 * MiB * 512);
    // Doubling alone would stop at 4.88 TiB from the 5 MiB minimum: the last tier makes up for it.
    for (const base of [5 * MiB, 5 * MiB + 1, 6 * MiB, 8 * MiB, 64 * MiB]) {
      let sum = 0;
      for (let n = 1; n <= 10_000; n++) {
        const size = partSizeFor(n, base);
        expect(size).toBeLessThanOrEqual(MAX_PART_SIZE);
        if (n > 1) expect(size).toBeGreaterThanOrEqual(partSizeFor(n - 1, base));
        sum += size;
      }
      expect(sum).toBeGreaterThanOrEqual(5 * 1024 ** 4);
    }
    expect(partSizeFor(10_000, 1024 * MiB)).toBe(MAX_PART_SIZE);
  });
  it('a known length grows the part size to fit 10,000 parts', () => {
    expect(planPartSize(100 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(planPartSize(1024 ** 4, 8 * MiB)).toBe(Math.ceil(1024 ** 4 / 10_000));
    expect(planPartSize(undefined, 8 * MiB)).toBe(8 * MiB);
  });
});

/** No multipart upload is left for this key/uploadId, by whichever means the server offers. */
async function expectNoUpload(s3: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  const parts = await s3.listParts({ bucket, key, uploadId }).catch((e: unknown) => e);
  // s3s-fs lists an unknown upload as empty rather than NoSuchUpload.
  if (isServiceError(parts)) expect(parts.code).toBe('NoSuchUpload');
  else expect((parts as { parts: unknown[] }).parts).toEqual([]);
  const uploads = await s3.listMultipartUploads({ bucket, prefix: key }).catch((e: unknown) => e);
  // s3s-fs has no ListMultipartUploads.
  if (!isServiceError(uploads, 'NotImplemented')) expect((uploads as { uploads: { key: string }[] }).uploads.filter((u) => u.key === key)).toEqual([]);
  const head = await s3.headObject({ bucket, key }).catch((e: unknown) => e);
  expect(isServiceError(head) && head.status).toBe(404);
}

async function readBack(s3: S3Client, bucket: string, key: string) {
  const got = await s3.getObject({ bucket, key });
  return hashStream(got.body);
}

describe.each(liveServers())('upload() on $name', (server: LiveServer) => {
  const bucket = `upload-${randomBytes(4).toString('hex')}`;
  const s3 = clientFor(server);

  beforeAll(async () => {
    await s3.createBucket({ bucket });
  });
  afterAll(async () => {
    await dropBucket(s3, bucket);
    await s3.close();
  });

  it.each([
    ['0 bytes', 0],
    ['1 byte', 1],
    ['exactly one part', 5 * MiB],
    ['one byte over a part', 5 * MiB + 1],
    ['three parts and a bit', 15 * MiB + 12345],
  ])('%s, from bytes and from a stream of unknown length', async (_, size) => {
    const data = generateBytes(`edge-${size}`, size);
    for (const mode of ['bytes', 'stream'] as const) {
      const key = `edge/${size}-${mode}.bin`;
      const body = mode === 'bytes' ? data : generate(`edge-${size}`, size).stream;
      const r = await s3.upload({ bucket, key, body, partSize: 5 * MiB });
      // Up to one part is a single PUT; more is a multipart upload.
      expect(r.uploadId !== undefined).toBe(size > 5 * MiB);
      if (size > 5 * MiB) expect(r.parts).toBe(Math.ceil(size / (5 * MiB)));
      expect(await readBack(s3, bucket, key)).toEqual({ sha256: sha256(data), length: size });
    }
  });

  it('a stream whose declared length is wrong fails and writes nothing', async () => {
    for (const [size, declared] of [
      [6 * MiB, 7 * MiB],
      [6 * MiB, 5 * MiB + 3],
      [100, 200],
    ] as const) {
      const key = `liar/${size}-${declared}.bin`;
      let uploadId: string | undefined;
      const e = await s3
        .upload({ bucket, key, body: generate('liar', size).stream, contentLength: declared, partSize: 5 * MiB, onUploadId: (id) => (uploadId = id) })
        .catch((x: unknown) => x);
      expect((e as { code?: string }).code).toBe('LengthMismatch');
      if (uploadId) await expectNoUpload(s3, bucket, key, uploadId);
      else expect(isServiceError(await s3.headObject({ bucket, key }).catch((x: unknown) => x))).toBe(true);
    }
  });

  it('300 MiB from a stream of unknown length, memory bounded, read back by hash', { timeout: 600_000 }, async () => {
    const size = 300 * MiB;
    const key = 'big/300MiB.bin';
    const src = generate('big-300', size);
    const t0 = performance.now();
    const { result, peak } = await peakArrayBuffers(() => s3.upload({ bucket, key, body: src.stream, partSize: 8 * MiB, concurrency: 4 }));
    const up = (performance.now() - t0) / 1000;
    expect(result.parts).toBe(Math.ceil(size / (8 * MiB)));
    // partSize x (concurrency + 1) = 40 MiB, plus undici's and the generator's buffers.
    expect(peak).toBeLessThan(150 * MiB);
    const t1 = performance.now();
    const back = await readBack(s3, bucket, key);
    const downS = (performance.now() - t1) / 1000;
    expect(back).toEqual({ sha256: src.sha256(), length: size });
    const t2 = performance.now();
    const d = await s3.download({ bucket, key, partSize: 8 * MiB, concurrency: 4 });
    expect(await hashStream(d.body)).toEqual({ sha256: src.sha256(), length: size });
    const parS = (performance.now() - t2) / 1000;
    console.log(
      `[${server.name}] upload 300 MiB (unknown length, 8 MiB x 4): ${up.toFixed(1)} s = ${(300 / up).toFixed(0)} MiB/s; ` +
        `peak arrayBuffers ${(peak / MiB).toFixed(0)} MiB; read back: one GET ${(300 / downS).toFixed(0)} MiB/s, ` +
        `download() 8 MiB x 4 ${(300 / parS).toFixed(0)} MiB/s`,
    );
  });

  it('an abort mid-way stops the upload and leaves no upload behind', async () => {
    const key = 'abort/signal.bin';
    const ac = new AbortController();
    let uploadId: string | undefined;
    const e = await s3
      .upload({
        bucket,
        key,
        body: generate('abort', 100 * MiB).stream,
        partSize: 5 * MiB,
        concurrency: 2,
        signal: ac.signal,
        onUploadId: (id) => (uploadId = id),
        onProgress: (p) => {
          if (p.loaded >= 10 * MiB) ac.abort(new Error('user pressed stop'));
        },
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).code).toBe('ABORTED');
    expect(uploadId).toBeDefined();
    await expectNoUpload(s3, bucket, key, uploadId!);
  });

  it('a source that fails on part 3 aborts the upload', async () => {
    const key = 'abort/source.bin';
    let uploadId: string | undefined;
    const e = await s3
      .upload({ bucket, key, body: generate('fail', 30 * MiB, { failAt: 11 * MiB }).stream, partSize: 5 * MiB, onUploadId: (id) => (uploadId = id) })
      .catch((x: unknown) => x);
    expect((e as Error).message).toBe('disk read failed');
    expect(uploadId).toBeDefined();
    await expectNoUpload(s3, bucket, key, uploadId!);
  });

  it('leavePartsOnError keeps the parts; the upload resumes from its uploadId', async () => {
    const key = 'resume/object.bin';
    const size = 17 * MiB + 99;
    const seed = 'resume';
    // The first attempt: the source breaks while part 3 is read; parts 1 and 2 are kept.
    const e = await s3
      .upload({ bucket, key, body: generate(seed, size, { failAt: 11 * MiB }).stream, partSize: 5 * MiB, leavePartsOnError: true })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResumableUploadError);
    const { uploadId } = e as ResumableUploadError;
    expect((e as ResumableUploadError).code).toBe('UploadFailed');
    expect(((e as Error).cause as Error).message).toBe('disk read failed');
    const listed = await s3.listParts({ bucket, key, uploadId });
    // Sorted: s3s-fs lists parts in no particular order (S3 lists them by part number).
    expect(listed.parts.map((p) => [p.partNumber, p.size]).sort((x, y) => x[0]! - y[0]!)).toEqual([
      [1, 5 * MiB],
      [2, 5 * MiB],
    ]);

    // The second attempt sends only what is missing (parts whose ETag can be checked).
    const transport = recordingTransport();
    const s3r = clientFor(server, { transport });
    const src = generate(seed, size);
    const r = await s3r.upload({ bucket, key, body: src.stream, partSize: 5 * MiB, uploadId });
    await s3r.close();
    const checkable = listed.parts.filter((p) => p.eTag).length;
    // MinIO lists part ETags; s3s-fs does not, so its parts are sent again.
    if (server.name === 'minio') expect(checkable).toBe(2);
    if (server.name === 's3s-fs') expect(checkable).toBe(0);
    expect(r.uploadId).toBe(uploadId);
    expect(r.partsSkipped).toBe(checkable);
    const sentParts = transport.log.filter((x) => x.method === 'PUT' && x.path.includes('partNumber=')).length;
    expect(sentParts).toBe(4 - checkable);
    expect(await readBack(s3, bucket, key)).toEqual({ sha256: src.sha256(), length: size });
  });

  it('a resumed upload with a checksum algorithm completes (skipped parts carry their checksum)', async () => {
    const key = 'resume/checksum.bin';
    const size = 12 * MiB;
    const e = await s3
      .upload({ bucket, key, body: generate('resume-crc', size, { failAt: 11 * MiB }).stream, partSize: 5 * MiB, leavePartsOnError: true, checksumAlgorithm: 'CRC32C' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResumableUploadError);
    const src = generate('resume-crc', size);
    const r = await s3.upload({ bucket, key, body: src.stream, partSize: 5 * MiB, uploadId: (e as ResumableUploadError).uploadId, checksumAlgorithm: 'CRC32C' });
    if (server.name === 'minio') expect(r.partsSkipped).toBe(2);
    expect(await readBack(s3, bucket, key)).toEqual({ sha256: src.sha256(), length: size });
  });

  it('a paused upload (aborted with leavePartsOnError) resumes too', async () => {
    const key = 'resume/paused.bin';
    const size = 12 * MiB;
    const ac = new AbortController();
    const e = await s3
      .upload({
        bucket,
        key,
        body: generate('pause', size).stream,
        partSize: 5 * MiB,
        concurrency: 1,
        leavePartsOnError: true,
        signal: ac.signal,
        onProgress: (p) => p.loaded >= 5 * MiB && ac.abort(),
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResumableUploadError);
    expect((e as ResumableUploadError).code).toBe('ABORTED');
    const src = generate('pause', size);
    await s3.upload({ bucket, key, body: src.stream, partSize: 5 * MiB, uploadId: (e as ResumableUploadError).uploadId });
    expect(await readBack(s3, bucket, key)).toEqual({ sha256: src.sha256(), length: size });
  });

  it('progress: monotonic, and the last event has loaded == total (known and unknown length)', async () => {
    const size = 12 * MiB + 5;
    for (const known of [true, false]) {
      const events: TransferProgress[] = [];
      const body = known ? generateBytes('progress', size) : generate('progress', size).stream;
      await s3.upload({ bucket, key: `progress/${known}.bin`, body, partSize: 5 * MiB, onProgress: (p) => events.push(p) });
      expect(events.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
      const last = events.at(-1)!;
      expect(last.loaded).toBe(size);
      expect(last.total).toBe(size);
      if (known) expect(events.every((p) => p.total === size)).toBe(true);
    }
    // A single PUT reports once.
    const one: TransferProgress[] = [];
    await s3.upload({ bucket, key: 'progress/small.bin', body: 'hello', onProgress: (p) => one.push(p) });
    expect(one).toEqual([{ loaded: 5, total: 5 }]);
  });
});
