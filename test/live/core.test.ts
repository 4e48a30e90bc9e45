// S3Core and the operation functions against every live server, through the Node entry (undici)
// and the web entry (fetch + WebCrypto): the guide's steps (bucket, put/get/head/list/delete,
// presigned GET and PUT used with fetch, multipart with abort), byte for byte.
import { describe, expect, it } from 'vitest';
import * as node from '../../src/index.ts';
import * as web from '../../src/index.web.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createBucket,
  createMultipartUpload,
  deleteBucket,
  deleteObject,
  deleteObjects,
  getObject,
  headBucket,
  headObject,
  listObjects,
  listObjectsV2,
  presignGetObject,
  presignPutObject,
  putObject,
  ServiceError,
  uploadPart,
  type S3CoreBase,
} from '../../src/index.ts';
import { liveServers } from '../servers/servers.ts';
import { MiB, randomData, randomName, sha256, webStreamOf } from './helpers/live.ts';

const entries = [
  ['node', node.S3Core],
  ['web', web.S3Core],
] as const;

describe.each(liveServers())('S3Core on $name', (server) => {
  const options = { endpoint: server.endpoint, region: server.region, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } };

  async function withBucket(s3: S3CoreBase, run: (bucket: string) => Promise<void>): Promise<void> {
    const bucket = randomName('core');
    await createBucket(s3, { bucket });
    try {
      await run(bucket);
    } finally {
      const keys: string[] = [];
      for await (const o of listObjects(s3, { bucket })) keys.push(o.key);
      if (keys.length > 0) await deleteObjects(s3, { bucket, keys });
      await deleteBucket(s3, { bucket });
      await s3.close();
    }
  }

  it.each(entries)('%s entry: objects, listing and presigned URLs', async (_name, Core) => {
    const s3 = new Core(options);
    await withBucket(s3, async (bucket) => {
      await headBucket(s3, { bucket });
      const data = randomData(100_003);
      await putObject(s3, { bucket, key: 'bytes.bin', body: data, contentType: 'application/x-test' });
      await putObject(s3, { bucket, key: 'dir/text.txt', body: 'héllo wörld' });
      await putObject(s3, { bucket, key: 'dir/stream.bin', body: webStreamOf(data), contentLength: data.length });
      await putObject(s3, { bucket, key: 'dir/blob.bin', body: new Blob([data]) });

      const got = await getObject(s3, { bucket, key: 'bytes.bin' });
      expect(got.contentType).toBe('application/x-test');
      expect(sha256(await got.body.bytes())).toBe(sha256(data));
      expect(await (await getObject(s3, { bucket, key: 'dir/text.txt' })).body.text()).toBe('héllo wörld');
      for (const key of ['dir/stream.bin', 'dir/blob.bin']) {
        expect(sha256(await (await getObject(s3, { bucket, key })).body.bytes())).toBe(sha256(data));
      }
      const ranged = await getObject(s3, { bucket, key: 'bytes.bin', range: { start: 10, end: 19 } });
      expect(await ranged.body.bytes()).toEqual(data.subarray(10, 20));
      expect((await headObject(s3, { bucket, key: 'dir/stream.bin' })).contentLength).toBe(data.length);

      const page = await listObjectsV2(s3, { bucket, prefix: 'dir/', maxKeys: 2 });
      expect(page.contents.map((o) => o.key)).toEqual(['dir/blob.bin', 'dir/stream.bin']);
      expect(page.isTruncated).toBe(true);
      const all: string[] = [];
      for await (const o of listObjects(s3, { bucket, maxKeys: 1 })) all.push(o.key);
      expect(all).toEqual(['bytes.bin', 'dir/blob.bin', 'dir/stream.bin', 'dir/text.txt']);

      const get = await presignGetObject(s3, { bucket, key: 'bytes.bin', expiresIn: 60 });
      expect(sha256(new Uint8Array(await (await fetch(get.url)).arrayBuffer()))).toBe(sha256(data));
      const put = await presignPutObject(s3, { bucket, key: 'presigned.txt', expiresIn: 60 });
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: 'via a presigned PUT' })).status).toBe(200);
      expect(await (await getObject(s3, { bucket, key: 'presigned.txt' })).body.text()).toBe('via a presigned PUT');

      await deleteObject(s3, { bucket, key: 'presigned.txt' });
      const gone = await getObject(s3, { bucket, key: 'presigned.txt' }).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ServiceError);
      expect((gone as ServiceError).status).toBe(404);
    });
  });

  it.each(entries)('%s entry: multipart upload, and abort', async (_name, Core) => {
    const s3 = new Core(options);
    await withBucket(s3, async (bucket) => {
      const data = randomData(5 * MiB + 12_345);
      const { uploadId } = await createMultipartUpload(s3, { bucket, key: 'big.bin' });
      const parts = [
        await uploadPart(s3, { bucket, key: 'big.bin', uploadId, partNumber: 1, body: data.subarray(0, 5 * MiB) }),
        await uploadPart(s3, { bucket, key: 'big.bin', uploadId, partNumber: 2, body: webStreamOf(data.subarray(5 * MiB)), contentLength: data.length - 5 * MiB }),
      ];
      await completeMultipartUpload(s3, { bucket, key: 'big.bin', uploadId, parts });
      expect(sha256(await (await getObject(s3, { bucket, key: 'big.bin' })).body.bytes())).toBe(sha256(data));

      const aborted = await createMultipartUpload(s3, { bucket, key: 'aborted.bin' });
      await uploadPart(s3, { bucket, key: 'aborted.bin', uploadId: aborted.uploadId, partNumber: 1, body: data.subarray(0, 1000) });
      await abortMultipartUpload(s3, { bucket, key: 'aborted.bin', uploadId: aborted.uploadId });
      const none = await headObject(s3, { bucket, key: 'aborted.bin' }).catch((e: unknown) => e);
      expect((none as ServiceError).status).toBe(404);
    });
  });
});
