// The user's guide (boto3 against RustFS), done with s3wire. Each step prints what it did.
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client, isServiceError } from '../src/index.ts';

const run = promisify(execFile);
const MB = 1024 * 1024;

export interface GuideTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export async function guide(target: GuideTarget, log: (line: string) => void = console.log): Promise<void> {
  // 1. Connect: endpoint, keys, SigV4 (always), any region, path-style (the default for an endpoint).
  const s3 = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
  const dir = await mkdtemp(join(tmpdir(), 's3wire-guide-'));
  const bucket = `guide-${randomBytes(3).toString('hex')}`;
  try {
    // 2. Buckets: create; "already owned by you" is fine.
    await s3.createBucket({ bucket });
    try {
      await s3.createBucket({ bucket });
    } catch (e) {
      if (!isServiceError(e, 'BucketAlreadyOwnedByYou') && !isServiceError(e, 'BucketAlreadyExists')) throw e;
      log(`create bucket again: ${e.code} (fine)`);
    }
    log(`created bucket ${bucket}`);

    // 3. Objects: upload a file, download it, list, (delete at the end).
    const local = join(dir, 'hello.txt');
    await writeFile(local, 'Hello, RustFS! こんにちは 안녕하세요\n');
    await s3.uploadFile({ bucket, key: 'docs/hello.txt', path: local, contentType: 'text/plain; charset=utf-8' });
    const back = join(dir, 'hello.downloaded.txt');
    await s3.downloadFile({ bucket, key: 'docs/hello.txt', path: back });
    const same = (await readFile(local)).equals(await readFile(back));
    log(`uploaded and downloaded docs/hello.txt: ${same ? 'identical' : 'DIFFERENT'}`);
    if (!same) throw new Error('downloaded file differs');
    for await (const o of s3.listObjects({ bucket })) log(`  listed ${o.key} (${o.size} bytes)`);

    // 4. Presigned URLs: a GET for 600 s, a PUT that curl can use.
    const get = await s3.presignGetObject({ bucket, key: 'docs/hello.txt', expiresIn: 600 });
    const { stdout } = await run('curl', ['-sS', '--fail', get.url]);
    log(`curl GET of the presigned URL: ${JSON.stringify(stdout.trim())}`);
    const put = await s3.presignPutObject({ bucket, key: 'incoming/from-curl.txt', expiresIn: 600 });
    await run('curl', ['-sS', '--fail', '-X', 'PUT', '--upload-file', local, put.url]);
    log(`curl PUT to the presigned URL: ${(await s3.headObject({ bucket, key: 'incoming/from-curl.txt' })).contentLength} bytes stored`);

    // 5. Multipart for files over ~10 MB: 5 MB parts, ETag + PartNumber collected, abort on any error.
    const big = randomBytes(12 * MB);
    const key = 'big/archive.bin';
    const { uploadId } = await s3.createMultipartUpload({ bucket, key });
    try {
      const parts = [];
      for (let off = 0, partNumber = 1; off < big.length; off += 5 * MB, partNumber++) {
        const { eTag } = await s3.uploadPart({ bucket, key, uploadId, partNumber, body: big.subarray(off, off + 5 * MB) });
        parts.push({ partNumber, eTag });
      }
      await s3.completeMultipartUpload({ bucket, key, uploadId, parts });
      log(`multipart upload of ${big.length} bytes in ${parts.length} parts: done`);
    } catch (e) {
      await s3.abortMultipartUpload({ bucket, key, uploadId });
      throw e;
    }
    const got = await s3.getObject({ bucket, key });
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    log(`read back: sha256 ${digest(await got.body.bytes()) === digest(big) ? 'matches' : 'DIFFERS'}`);

    // 6. Troubleshooting: what the usual failures look like.
    const wrong = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: { accessKeyId: target.accessKeyId, secretAccessKey: 'not-the-secret' } });
    await wrong.listBuckets().catch((e: Error) => log(`wrong secret key -> ${e.message}`));
    await wrong.close();
    const down = new S3Client({ endpoint: 'http://127.0.0.1:1', region: target.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    await down.listBuckets().catch((e: Error) => log(`server down -> ${e.message}`));
    await down.close();

    // 7. Clean up: delete the objects, then the bucket.
    const keys: string[] = [];
    for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
    const { errors } = await s3.deleteObjects({ bucket, keys });
    if (errors.length > 0) throw new Error(`could not delete ${errors.map((e) => e.key).join(', ')}`);
    await s3.deleteBucket({ bucket });
    log(`deleted ${keys.length} objects and the bucket`);
  } finally {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
}
