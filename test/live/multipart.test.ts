// Multipart uploads against every live server: the six low-level actions, what CompleteMultipartUpload
// checks, and the managed upload() with a stream of unknown length, progress, and an abort half-way.
// Where a server departs from S3 (s3s-fs: no ListMultipartUploads, part ETags not checked, ...)
// the test asserts what it does instead (test/live/helpers/quirks.ts).
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ServiceError, isS3WireError, type ListPartsResult, type TransferProgress } from '../../src/index.ts';
import { liveServers } from '../servers/servers.ts';
import { MiB, md5Hex, multipartETag, pieces, randomData, recordingTransport, sha256, useLive, webStreamOf } from './helpers/live.ts';
import { quirksOf } from './helpers/quirks.ts';

const fail = (p: Promise<unknown>): Promise<ServiceError> =>
  p.then(
    () => expect.fail('expected a ServiceError, the call succeeded'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(ServiceError);
      return e as ServiceError;
    },
  );

/** Cut `data` into parts of `size` bytes (the last one shorter). */
function cut(data: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer>[] {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let off = 0; off < data.length; off += size) parts.push(data.subarray(off, off + size));
  return parts;
}

describe.each(liveServers())('multipart on $name', (server) => {
  const live = useLive(server, 'multipart');
  const quirks = quirksOf(server.name);

  /** The upload is gone: ListParts says NoSuchUpload (s3s-fs: lists no parts), and no listing shows it. */
  async function expectUploadGone(bucket: string, key: string, uploadId: string) {
    const { s3 } = live;
    const parts = await s3.listParts({ bucket, key, uploadId }).catch((e: unknown) => e);
    if (quirks.listPartsGoneUpload === 'NoSuchUpload') {
      expect(parts).toBeInstanceOf(ServiceError);
      expect([(parts as ServiceError).status, (parts as ServiceError).code]).toEqual([404, 'NoSuchUpload']);
    } else {
      expect((parts as ListPartsResult).parts).toEqual([]);
    }
    if (quirks.listMultipartUploads) {
      const { uploads } = await s3.listMultipartUploads({ bucket });
      expect(uploads.filter((u) => u.uploadId === uploadId)).toEqual([]);
    }
  }

  it('create, uploadPart (bytes, stream, Blob, out of order), listParts, listMultipartUploads, complete', async () => {
    const { s3, bucket } = live;
    const key = 'mp/low level ü.bin';
    const data = randomData(10 * MiB + 1234);
    const chunks = cut(data, 5 * MiB);
    const created = await s3.createMultipartUpload({ bucket, key, contentType: 'application/x-parts', metadata: { via: 'multipart' } });
    expect(created).toMatchObject({ bucket, key });
    expect(created.uploadId).toMatch(/\S/);
    const { uploadId } = created;
    try {
      // Parts may arrive in any order and in any body form.
      const p3 = await s3.uploadPart({ bucket, key, uploadId, partNumber: 3, body: new Blob([chunks[2]!]) });
      const p1 = await s3.uploadPart({ bucket, key, uploadId, partNumber: 1, body: chunks[0]! });
      const p2 = await s3.uploadPart({ bucket, key, uploadId, partNumber: 2, body: Readable.from(pieces(chunks[1]!)), contentLength: chunks[1]!.length });
      for (const [p, n] of [[p1, 1], [p2, 2], [p3, 3]] as const) {
        expect(p.partNumber).toBe(n);
        expect(p.eTag).toBe(`"${md5Hex(chunks[n - 1]!)}"`);
      }

      const listed = await s3.listParts({ bucket, key, uploadId });
      expect(listed).toMatchObject({ bucket, key, uploadId, isTruncated: false });
      const rows = listed.parts.map((p) => [p.partNumber, p.size, p.eTag]);
      const want = chunks.map((c, i) => [i + 1, c.length, quirks.listPartsETags ? `"${md5Hex(c)}"` : undefined]);
      expect(quirks.listPartsSorted ? rows : rows.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(want);
      for (const p of listed.parts) expect(p.lastModified).toBeInstanceOf(Date);

      const firstPage = await s3.listParts({ bucket, key, uploadId, maxParts: 2 });
      if (quirks.listPartsPaging) {
        expect(firstPage.parts.map((p) => p.partNumber)).toEqual([1, 2]);
        expect(firstPage.isTruncated).toBe(true);
        expect(firstPage.nextPartNumberMarker).toBe(2);
        const rest = await s3.listParts({ bucket, key, uploadId, maxParts: 2, partNumberMarker: firstPage.nextPartNumberMarker! });
        expect(rest.parts.map((p) => p.partNumber)).toEqual([3]);
        expect(rest.isTruncated).toBe(false);
      } else {
        // s3s-fs ignores max-parts: every part, not truncated.
        expect(firstPage.parts).toHaveLength(3);
        expect(firstPage.isTruncated).toBe(false);
      }

      const uploads = await s3.listMultipartUploads({ bucket }).catch((e: unknown) => e);
      if (quirks.listMultipartUploads) {
        expect(uploads).not.toBeInstanceOf(Error);
        const u = uploads as Awaited<ReturnType<typeof s3.listMultipartUploads>>;
        expect(u.uploads.map((x) => [x.key, x.uploadId])).toEqual([[key, uploadId]]);
        expect(u.uploads[0]!.initiated).toBeInstanceOf(Date);
        const byKey = await s3.listMultipartUploads({ bucket, prefix: key });
        expect(byKey.uploads.map((x) => x.uploadId)).toEqual([uploadId]);
        // MinIO takes the prefix as a whole key: `mp/` lists nothing there.
        const byPrefix = await s3.listMultipartUploads({ bucket, prefix: 'mp/' });
        expect(byPrefix.uploads.map((x) => x.uploadId)).toEqual(quirks.listUploadsPrefix === 'prefix' ? [uploadId] : []);
        expect((await s3.listMultipartUploads({ bucket, prefix: 'other/' })).uploads).toEqual([]);
      } else {
        expect(uploads).toBeInstanceOf(ServiceError);
        expect([(uploads as ServiceError).status, (uploads as ServiceError).code]).toEqual([501, 'NotImplemented']);
      }

      // Listed in any order, completed in part order.
      const done = await s3.completeMultipartUpload({ bucket, key, uploadId, parts: [p1, p2, p3] });
      expect(done.eTag).toBe(multipartETag(chunks));
      expect(done.key).toBe(key);
      expect(done.bucket).toBe(bucket);
    } catch (e) {
      await s3.abortMultipartUpload({ bucket, key, uploadId }).catch(() => undefined);
      throw e;
    }

    const got = await s3.getObject({ bucket, key });
    expect(got.contentLength).toBe(data.length);
    expect(got.eTag).toBe(multipartETag(chunks));
    expect(got.contentType).toBe('application/x-parts');
    expect(got.metadata).toEqual({ via: 'multipart' });
    expect(sha256(await got.body.bytes())).toBe(sha256(data));
    // A completed upload is no longer an upload.
    await expectUploadGone(bucket, key, uploadId);
  });

  it('abortMultipartUpload removes the upload and its parts, and no object appears', async () => {
    const { s3, bucket } = live;
    const key = 'mp/aborted.bin';
    const { uploadId } = await s3.createMultipartUpload({ bucket, key });
    await s3.uploadPart({ bucket, key, uploadId, partNumber: 1, body: randomData(5 * MiB) });
    await s3.uploadPart({ bucket, key, uploadId, partNumber: 2, body: randomData(100) });
    if (quirks.listMultipartUploads) expect((await s3.listMultipartUploads({ bucket })).uploads.map((u) => u.uploadId)).toEqual([uploadId]);

    await s3.abortMultipartUpload({ bucket, key, uploadId });
    await expectUploadGone(bucket, key, uploadId);
    const head = await fail(s3.headObject({ bucket, key }));
    expect([head.status, head.code]).toEqual([404, 'NoSuchKey']);
    expect((await s3.listObjectsV2({ bucket })).contents).toEqual([]);

    // Aborting again: S3 says NoSuchUpload; MinIO answers 204 again; s3s-fs AccessDenied.
    const again = await s3.abortMultipartUpload({ bucket, key, uploadId }).catch((e: unknown) => e);
    if (quirks.abortGoneUpload === 'ok') expect(again).not.toBeInstanceOf(Error);
    else expect((again as ServiceError).code).toBe(quirks.abortGoneUpload);
    // Parts cannot be added to an aborted upload.
    const late = await fail(s3.uploadPart({ bucket, key, uploadId, partNumber: 3, body: 'late' }));
    expect(late.status).toBeGreaterThanOrEqual(400);
  });

  it('completeMultipartUpload checks part ETags (InvalidPart) and part sizes (EntityTooSmall)', async () => {
    const { s3, bucket } = live;
    const key = 'mp/checked.bin';
    const big = randomData(5 * MiB);
    const small = randomData(777);

    // A wrong ETag for part 1.
    const a = await s3.createMultipartUpload({ bucket, key });
    const a1 = await s3.uploadPart({ bucket, key, uploadId: a.uploadId, partNumber: 1, body: big });
    const a2 = await s3.uploadPart({ bucket, key, uploadId: a.uploadId, partNumber: 2, body: small });
    const wrongETag = `"${md5Hex(small)}"`;
    expect(wrongETag).not.toBe(a1.eTag);
    const wrong = s3.completeMultipartUpload({ bucket, key, uploadId: a.uploadId, parts: [{ partNumber: 1, eTag: wrongETag }, a2] });
    if (quirks.verifiesPartETags) {
      const e = await fail(wrong);
      expect([e.status, e.code]).toEqual([400, 'InvalidPart']);
      expect(e.key).toBe(key);
      await s3.abortMultipartUpload({ bucket, key, uploadId: a.uploadId });
    } else {
      // s3s-fs does not compare the ETags: it joins the parts it has.
      const done = await wrong;
      expect(done.eTag).toBe(multipartETag([big, small]));
      expect(sha256(await (await s3.getObject({ bucket, key })).body.bytes())).toBe(sha256(new Uint8Array(Buffer.concat([big, small]))));
    }
    await expectUploadGone(bucket, key, a.uploadId);

    // A part other than the last below 5 MiB.
    const b = await s3.createMultipartUpload({ bucket, key: 'mp/small.bin' });
    const b1 = await s3.uploadPart({ bucket, key: 'mp/small.bin', uploadId: b.uploadId, partNumber: 1, body: small });
    const b2 = await s3.uploadPart({ bucket, key: 'mp/small.bin', uploadId: b.uploadId, partNumber: 2, body: small });
    const e = await fail(s3.completeMultipartUpload({ bucket, key: 'mp/small.bin', uploadId: b.uploadId, parts: [b1, b2] }));
    expect([e.status, e.code]).toEqual([400, 'EntityTooSmall']);
    const abort = await s3.abortMultipartUpload({ bucket, key: 'mp/small.bin', uploadId: b.uploadId }).catch((x: unknown) => x);
    if (quirks.failedCompleteKeepsUpload) expect(abort).not.toBeInstanceOf(Error);
    else expect((abort as ServiceError).code).toBe('AccessDenied');
    const head = await fail(s3.headObject({ bucket, key: 'mp/small.bin' }));
    expect(head.status).toBe(404);
  });

  it('upload() of a stream of unknown length: 5 MiB parts, progress events reach the total', async () => {
    const { s3, bucket } = live;
    const data = randomData(17 * MiB + 123);
    const events: TransferProgress[] = [];
    const r = await s3.upload({
      bucket,
      key: 'managed/unknown-length.bin',
      body: Readable.from(pieces(data)),
      partSize: 5 * MiB,
      concurrency: 2,
      contentType: 'application/x-managed',
      metadata: { managed: 'yes' },
      onProgress: (p) => events.push(p),
    });
    const parts = cut(data, 5 * MiB);
    expect(r.parts).toBe(parts.length);
    expect(r.uploadId).toMatch(/\S/);
    expect(r.eTag).toBe(multipartETag(parts));

    expect(events.length).toBeGreaterThanOrEqual(parts.length);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
    for (const e of events) expect([undefined, data.length]).toContain(e.total);
    expect(events.at(-1)).toMatchObject({ loaded: data.length, total: data.length });
    expect(events.filter((e) => e.partNumber !== undefined).map((e) => e.partNumber).sort((a, b) => a! - b!)).toEqual(parts.map((_, i) => i + 1));

    const got = await s3.getObject({ bucket, key: 'managed/unknown-length.bin' });
    expect(got).toMatchObject({ contentLength: data.length, eTag: multipartETag(parts), contentType: 'application/x-managed', metadata: { managed: 'yes' } });
    expect(sha256(await got.body.bytes())).toBe(sha256(data));
    if (quirks.listMultipartUploads) expect((await s3.listMultipartUploads({ bucket })).uploads).toEqual([]);
  });

  it('upload() of a web stream of known length reports the total from the start; one part or less is a single PUT', async () => {
    const { s3, bucket } = live;
    const data = randomData(11 * MiB);
    const events: TransferProgress[] = [];
    const r = await s3.upload({ bucket, key: 'managed/known.bin', body: webStreamOf(data), contentLength: data.length, partSize: 5 * MiB, onProgress: (p) => events.push(p) });
    expect(r.parts).toBe(3);
    expect(r.eTag).toBe(multipartETag(cut(data, 5 * MiB)));
    expect(events.every((e) => e.total === data.length)).toBe(true);
    expect(events.at(-1)!.loaded).toBe(data.length);
    expect(sha256(await (await s3.getObject({ bucket, key: 'managed/known.bin' })).body.bytes())).toBe(sha256(data));

    const small = randomData(5 * MiB);
    const one = await s3.upload({ bucket, key: 'managed/one-part.bin', body: Readable.from(pieces(small)), partSize: 5 * MiB });
    expect(one.uploadId).toBeUndefined();
    expect(one.eTag).toBe(`"${md5Hex(small)}"`);
    expect(sha256(await (await s3.getObject({ bucket, key: 'managed/one-part.bin' })).body.bytes())).toBe(sha256(small));
  });

  it('upload() aborted with an AbortSignal mid-way stops, closes the source and leaves no upload behind', async () => {
    const transport = recordingTransport();
    const s3 = live.client({ transport });
    const { bucket } = live;
    const key = 'managed/aborted.bin';
    const total = 40 * MiB;
    let produced = 0;
    let sourceClosed = false;
    const source = async function* () {
      try {
        while (produced < total) {
          await new Promise((r) => setTimeout(r, 2));
          produced += MiB;
          yield randomData(MiB);
        }
      } finally {
        sourceClosed = true;
      }
    };
    const controller = new AbortController();
    const reason = new Error('the user pressed cancel');
    const events: TransferProgress[] = [];
    let announced: string | undefined;
    const err = await s3
      .upload({
        bucket,
        key,
        onUploadId: (id) => (announced = id),
        body: Readable.from(source()),
        partSize: 5 * MiB,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          events.push(p);
          if (p.partNumber === 1) controller.abort(reason);
        },
      })
      .then(
        () => expect.fail('the aborted upload resolved'),
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AbortError);
    expect(isS3WireError(err) && err.code).toBe('ABORTED');
    expect(events.map((e) => e.partNumber)).toEqual([1]);
    expect(produced).toBeLessThan(total);
    await vi.waitFor(() => expect(sourceClosed).toBe(true));

    const partPuts = transport.log.filter((x) => x.method === 'PUT' && x.path.includes('uploadId='));
    expect(partPuts.length).toBeGreaterThanOrEqual(1);
    expect(partPuts.length).toBeLessThan(total / (5 * MiB));
    const uploadId = new URLSearchParams(partPuts[0]!.path.split('?')[1]).get('uploadId')!;
    expect(uploadId).toMatch(/\S/);
    expect(announced).toBe(uploadId);
    const abortCall = transport.log.find((x) => x.method === 'DELETE' && x.path.includes('uploadId='));
    expect(abortCall?.status).toBe(204);
    expect(transport.log.some((x) => x.method === 'POST' && x.path.includes('uploadId='))).toBe(false);

    await expectUploadGone(bucket, key, uploadId);
    const head = await fail(live.s3.headObject({ bucket, key }));
    expect(head.status).toBe(404);
  });

  it('upload() whose source fails mid-way rejects with that failure and aborts the upload', async () => {
    const transport = recordingTransport();
    const s3 = live.client({ transport });
    const { bucket } = live;
    const broken = new Error('disk read failed');
    const source = async function* () {
      for (let i = 0; i < 12; i++) yield randomData(MiB);
      throw broken;
    };
    const err = await s3.upload({ bucket, key: 'managed/broken.bin', body: Readable.from(source()), partSize: 5 * MiB }).then(
      () => expect.fail('the upload resolved'),
      (e: unknown) => e,
    );
    // The failure itself, or an error whose cause chain holds it.
    let cur: unknown = err;
    while (cur && cur !== broken) cur = (cur as { cause?: unknown }).cause;
    expect(cur).toBe(broken);
    const partPut = transport.log.find((x) => x.method === 'PUT' && x.path.includes('uploadId='));
    const uploadId = new URLSearchParams(partPut!.path.split('?')[1]).get('uploadId')!;
    expect(transport.log.find((x) => x.method === 'DELETE' && x.path.includes('uploadId='))?.status).toBe(204);
    await expectUploadGone(bucket, 'managed/broken.bin', uploadId);
    expect((await live.s3.listObjectsV2({ bucket })).contents).toEqual([]);
  });
});
