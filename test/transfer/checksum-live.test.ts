// Additional checksums against real servers: a right checksum is accepted (header for bytes,
// trailer for streams, signed and unsigned chunks), a wrong one refused, multipart with part
// checksums completes.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHMS, checksumOf, type ChecksumAlgorithm } from '../../src/checksum/checksum.ts';
import { isServiceError, type HttpRequest, type PutObjectResult } from '../../src/index.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, clientFor, dropBucket, generateBytes, hashStream, recordingTransport, sha256 } from './helpers.ts';

const nodeHash = (a: 'sha1' | 'sha256') => {
  const h = createHash(a);
  return { update: (d: Uint8Array) => void h.update(d), digest: () => h.digest() };
};
const expected = (a: ChecksumAlgorithm, data: Uint8Array) => checksumOf(a, data, nodeHash);
const returned = (r: PutObjectResult, a: ChecksumAlgorithm) => (r as unknown as Record<string, string | undefined>)['checksum' + a];
/** The codes servers use for a checksum that does not match. */
const MISMATCH = ['BadDigest', 'XAmzContentChecksumMismatch', 'InvalidRequest', 'InvalidDigest'];

describe.each(liveServers())('checksums on $name', (server: LiveServer) => {
  const bucket = `checksum-${randomBytes(4).toString('hex')}`;
  const s3 = clientFor(server);
  const s3signed = clientFor(server, { streamingSignature: true });

  beforeAll(async () => {
    await s3.createBucket({ bucket });
  });
  afterAll(async () => {
    await dropBucket(s3, bucket);
    await s3.close();
    await s3signed.close();
  });

  it.each(CHECKSUM_ALGORITHMS)('%s: accepted as a header, an unsigned trailer and a signed trailer', async (a) => {
    for (const size of [0, 1, 200_001]) {
      const data = generateBytes(`${a}-${size}`, size);
      const want = await expected(a, data);
      const header = await s3.putObject({ bucket, key: `${a}/${size}-header`, body: data, checksumAlgorithm: a });
      const unsigned = await s3.putObject({ bucket, key: `${a}/${size}-unsigned`, body: Readable.from([data]), contentLength: size, checksumAlgorithm: a });
      const signed = await s3signed.putObject({ bucket, key: `${a}/${size}-signed`, body: Readable.from([data]), contentLength: size, checksumAlgorithm: a });
      // Servers echo the checksum they verified.
      for (const r of [header, unsigned, signed]) expect(returned(r, a) ?? want).toBe(want);
      for (const k of ['header', 'unsigned', 'signed']) {
        const got = await s3.getObject({ bucket, key: `${a}/${size}-${k}` });
        expect(sha256(await got.body.bytes())).toBe(sha256(data));
      }
    }
  });

  it.each(CHECKSUM_ALGORITHMS)('%s: a wrong header value is refused', async (a) => {
    const data = randomBytes(1000);
    const wrong = await expected(a, randomBytes(1000));
    const key = `${a}/wrong-header`;
    const e = await s3.putObject({ bucket, key, body: data, checksumAlgorithm: a, checksum: wrong }).catch((x: unknown) => x);
    expect(isServiceError(e) && e.status).toBe(400);
    expect(MISMATCH).toContain((e as { code: string }).code);
    const head = await s3.headObject({ bucket, key }).catch((x: unknown) => x);
    // s3s-fs 0.14.1 answers BadDigest but has already stored the object (its bug, not ours).
    if (server.name !== 's3s-fs') expect(isServiceError(head) && head.status).toBe(404);
  });

  it.each(['CRC32', 'CRC64NVME', 'SHA256'] as const)('%s: a body altered after its trailer was computed is refused', async (a) => {
    // Flip one byte of the first 64 KiB data chunk on the wire; the trailer still names the original.
    const transport = recordingTransport();
    transport.before = (req: HttpRequest) => {
      if (req.method !== 'PUT' || !req.body || typeof req.body === 'string' || req.body instanceof Uint8Array) return;
      const body = req.body as AsyncIterable<Uint8Array>;
      let done = false;
      return {
        ...req,
        body: (async function* () {
          for await (const p of body) {
            if (!done && p.length === 65536) {
              done = true;
              const copy = Uint8Array.from(p);
              copy[100] = copy[100]! ^ 1;
              yield copy;
            } else yield p;
          }
        })(),
      };
    };
    const c = clientFor(server, { transport });
    const key = `${a}/tampered`;
    const data = randomBytes(200_000);
    const e = await c.putObject({ bucket, key, body: Readable.from([data]), contentLength: data.length, checksumAlgorithm: a }).catch((x: unknown) => x);
    await c.close();
    expect(isServiceError(e) && e.status).toBe(400);
    expect(MISMATCH).toContain((e as { code: string }).code);
    if (server.name !== 's3s-fs') expect(isServiceError(await s3.headObject({ bucket, key }).catch((x: unknown) => x))).toBe(true);
  });

  it.each(['CRC32', 'CRC32C', 'SHA256'] as const)('%s: a multipart upload with part checksums completes', async (a) => {
    const data = generateBytes(`mp-${a}`, 11 * MiB + 3);
    const key = `${a}/multipart`;
    const r = await s3.upload({ bucket, key, body: data, partSize: 5 * MiB, checksumAlgorithm: a });
    expect(r.parts).toBe(3);
    const got = await s3.getObject({ bucket, key });
    expect(await hashStream(got.body)).toEqual({ sha256: sha256(data), length: data.length });
  });

  it('a part with a wrong checksum is refused', async () => {
    const key = 'parts/wrong';
    const { uploadId } = await s3.createMultipartUpload({ bucket, key, checksumAlgorithm: 'CRC32C' });
    try {
      const e = await s3
        .uploadPart({ bucket, key, uploadId, partNumber: 1, body: randomBytes(1000), checksumAlgorithm: 'CRC32C', checksum: 'AAAAAA==' })
        .catch((x: unknown) => x);
      if (server.name === 's3s-fs') {
        // s3s-fs 0.14.1 verifies PutObject checksums but not UploadPart's: the part is accepted.
        // Should this start failing, s3s-fs verifies them now: drop this branch.
        expect(isServiceError(e)).toBe(false);
      } else {
        expect(isServiceError(e) && e.status).toBe(400);
        expect(MISMATCH).toContain((e as { code: string }).code);
      }
    } finally {
      await s3.abortMultipartUpload({ bucket, key, uploadId });
    }
  });
});
