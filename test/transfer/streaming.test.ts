// aws-chunked uploads with a signature per chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), checked by
// real servers: s3s-fs verifies each chunk signature with the code RustFS runs.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Client, isS3WireError, isServiceError } from '../../src/index.ts';
import { liveServers } from '../servers/servers.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A stream handing out `data` in uneven pieces, so chunk boundaries never line up with reads. */
function uneven(data: Uint8Array): Readable {
  const sizes = [1, 1000, 65535, 70000, 3];
  let off = 0;
  let i = 0;
  return Readable.from(
    (function* () {
      while (off < data.length) {
        const n = sizes[i++ % sizes.length]!;
        yield data.subarray(off, off + n);
        off += n;
      }
    })(),
  );
}

describe.each(liveServers())('streaming signatures on $name', (server) => {
  const bucket = `chunked-${randomBytes(4).toString('hex')}`;
  const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials, streamingSignature: true });

  beforeAll(async () => {
    await s3.createBucket({ bucket });
  });
  afterAll(async () => {
    for await (const o of s3.listObjects({ bucket })) await s3.deleteObject({ bucket, key: o.key });
    await s3.deleteBucket({ bucket });
    await s3.close();
  });

  it.each([0, 1, 65536, 65537, 300_001])('puts %i bytes as signed aws-chunked and reads them back', async (size) => {
    const data = randomBytes(size);
    const key = `chunked/${size}.bin`;
    await s3.putObject({ bucket, key, body: uneven(data), contentLength: size });
    const got = await s3.getObject({ bucket, key });
    expect(got.contentLength).toBe(size);
    // The stored object is the payload, not the aws-chunked framing.
    expect(sha(await got.body.bytes())).toBe(sha(data));
  });

  it('a body that does not match its signatures is refused', async () => {
    // Same client, but a wrong secret: the seed signature and so every chunk signature is wrong.
    const bad = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: { ...credentials, secretAccessKey: credentials.secretAccessKey + 'x' }, streamingSignature: true });
    const e = await bad.putObject({ bucket, key: 'chunked/bad.bin', body: uneven(randomBytes(100_000)), contentLength: 100_000 }).catch((x: unknown) => x);
    await bad.close();
    // MinIO reads the body and answers SignatureDoesNotMatch; s3s-fs answers as soon as the seed
    // fails and closes the connection while the body is still being written (EPIPE/ECONNRESET).
    if (isServiceError(e)) expect(e.code).toBe('SignatureDoesNotMatch');
    else expect(isS3WireError(e) && ['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(e.code)).toBe(true);
    const head = await s3.headObject({ bucket, key: 'chunked/bad.bin' }).catch((x: unknown) => x);
    expect(isServiceError(head) && head.status).toBe(404);
  });

  it('a stream shorter than its declared length fails and writes nothing', async () => {
    const e = await s3.putObject({ bucket, key: 'chunked/short.bin', body: uneven(randomBytes(1000)), contentLength: 5000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    const head = await s3.headObject({ bucket, key: 'chunked/short.bin' }).catch((x: unknown) => x);
    expect(isServiceError(head) && head.status).toBe(404);
  });
});
