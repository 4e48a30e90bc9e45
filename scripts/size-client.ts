// What scripts/size.ts measures as "the client": S3Core from the web entry with the operation
// functions for put, get, list, presign and multipart, so that a bundler keeps exactly what such
// an app would ship. (size-client-full.ts: the same app through S3Client, which has everything.)
import {
  S3Core,
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  getObject,
  listObjectsV2,
  presignGetObject,
  presignPutObject,
  putObject,
  uploadPart,
} from '../src/index.web.ts';

export async function app(endpoint: string): Promise<unknown> {
  const s3 = new S3Core({ endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const bucket = 'b';
  await putObject(s3, { bucket, key: 'k', body: 'v' });
  const text = await (await getObject(s3, { bucket, key: 'k' })).body.text();
  const page = await listObjectsV2(s3, { bucket, prefix: 'p/' });
  const url = await presignGetObject(s3, { bucket, key: 'k' });
  const put = await presignPutObject(s3, { bucket, key: 'k' });
  const { uploadId } = await createMultipartUpload(s3, { bucket, key: 'm' });
  try {
    const part = await uploadPart(s3, { bucket, key: 'm', uploadId, partNumber: 1, body: new Uint8Array(5) });
    await completeMultipartUpload(s3, { bucket, key: 'm', uploadId, parts: [part] });
  } catch (e) {
    await abortMultipartUpload(s3, { bucket, key: 'm', uploadId });
    throw e;
  }
  return { text, page, url, put };
}
