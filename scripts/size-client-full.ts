// What scripts/size.ts measures as "client-full": the web entry's S3Client doing put, get, list,
// presign and multipart, so that a bundler keeps exactly what such an app would ship.
import { S3Client } from '../src/index.web.ts';

export async function app(endpoint: string): Promise<unknown> {
  const s3 = new S3Client({ endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const bucket = 'b';
  await s3.putObject({ bucket, key: 'k', body: 'v' });
  const text = await (await s3.getObject({ bucket, key: 'k' })).body.text();
  const page = await s3.listObjectsV2({ bucket, prefix: 'p/' });
  const url = await s3.presignGetObject({ bucket, key: 'k' });
  const put = await s3.presignPutObject({ bucket, key: 'k' });
  const { uploadId } = await s3.createMultipartUpload({ bucket, key: 'm' });
  const part = await s3.uploadPart({ bucket, key: 'm', uploadId, partNumber: 1, body: new Uint8Array(5) });
  await s3.completeMultipartUpload({ bucket, key: 'm', uploadId, parts: [part] });
  const managed = await s3.upload({ bucket, key: 'u', body: new ReadableStream<Uint8Array>() });
  return { text, page, url, put, managed };
}
