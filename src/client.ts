// The full client: the core (core.ts) with every operation of src/ops as a method, managed
// transfers, additional checksums and aws-chunked signing.
import { toHex } from './sigv4/crypto.ts';
import type { ClientOptions, Runtime } from './core.ts';
import { S3CoreBase } from './core.ts';
import { prepareBody } from './ops/body.ts';
import * as buckets from './ops/buckets.ts';
import { copyObject, type CopyObjectInput, type CopyObjectResult } from './ops/copy-object.ts';
import * as del from './ops/delete-object.ts';
import * as get from './ops/get-object.ts';
import * as list from './ops/list-objects-v2.ts';
import * as mpu from './ops/multipart.ts';
import type { ObjectInfo } from './ops/object-headers.ts';
import * as presign from './ops/presign.ts';
import * as put from './ops/put-object.ts';
import type { ResponseMetadata } from './ops/types.ts';
import type { SendOptions } from './send.ts';
import { encodeBody } from './send-chunked.ts';
import { checksumOf, type ChecksumAlgorithm } from './checksum/checksum.ts';
import { download, type DownloadInput, type DownloadResult } from './transfer/download.ts';
import { upload, type UploadInput, type UploadResult } from './transfer/upload.ts';

export type { ClientOptions, Runtime };

export class S3ClientBase extends S3CoreBase {
  constructor(options: ClientOptions, runtime: Runtime) {
    super(options, runtime, encodeBody);
  }

  // Buckets

  listBuckets(opts?: SendOptions): Promise<buckets.ListBucketsResult> {
    return buckets.listBuckets(this, opts);
  }

  createBucket(input: buckets.CreateBucketInput, opts?: SendOptions): Promise<buckets.CreateBucketResult> {
    return buckets.createBucket(this, input, opts);
  }

  headBucket(input: buckets.BucketInput, opts?: SendOptions): Promise<buckets.HeadBucketResult> {
    return buckets.headBucket(this, input, opts);
  }

  deleteBucket(input: buckets.BucketInput, opts?: SendOptions): Promise<ResponseMetadata> {
    return buckets.deleteBucket(this, input, opts);
  }

  // Objects

  /**
   * Write an object. A stream of unknown length is uploaded in parts (see {@link upload}), so it is
   * never buffered whole.
   */
  async putObject(input: put.PutObjectInput, opts?: SendOptions): Promise<put.PutObjectResult> {
    const body = prepareBody(input.body, input.contentLength);
    const req = put.putObjectRequest(input, body); // the input's errors before any request
    if (body.length === undefined) {
      const r = await this.upload({ ...input, signal: opts?.signal });
      return { eTag: r.eTag, versionId: r.versionId, requestId: r.requestId };
    }
    // Not put.putObject(): the body is prepared once (text is encoded once).
    return put.parsePutObjectResponse(await this.send(req, opts));
  }

  /** Read an object. The body is a stream: read it (`bytes()`, `text()`, `stream()`) or `discard()` it. */
  getObject(input: get.GetObjectInput, opts?: SendOptions): Promise<get.GetObjectResult> {
    return get.getObject(this, input, opts);
  }

  headObject(input: get.HeadObjectInput, opts?: SendOptions): Promise<ObjectInfo> {
    return get.headObject(this, input, opts);
  }

  deleteObject(input: del.DeleteObjectInput, opts?: SendOptions): Promise<del.DeleteObjectResult> {
    return del.deleteObject(this, input, opts);
  }

  /** Delete many keys, 1000 per request; failures per key are reported in `errors`, not thrown. */
  deleteObjects(input: del.DeleteObjectsInput, opts?: SendOptions): Promise<del.DeleteResult> {
    return del.deleteObjects(this, input, opts);
  }

  copyObject(input: CopyObjectInput, opts?: SendOptions): Promise<CopyObjectResult> {
    return copyObject(this, input, opts);
  }

  // Listing

  listObjectsV2(input: list.ListObjectsV2Input, opts?: SendOptions): Promise<list.ListObjectsV2Result> {
    return list.listObjectsV2(this, input, opts);
  }

  /** Every page of a listing, following continuation tokens. */
  listObjectsV2Pages(input: list.ListObjectsV2Input, opts?: list.ListPagesOptions): AsyncGenerator<list.ListObjectsV2Result> {
    return list.listObjectsV2Pages(this, input, opts);
  }

  /** Every object under a prefix, across pages. */
  listObjects(input: list.ListObjectsV2Input, opts?: list.ListPagesOptions): AsyncGenerator<list.ListObjectsV2Result['contents'][number]> {
    return list.listObjects(this, input, opts);
  }

  // Multipart, low level

  createMultipartUpload(input: mpu.CreateMultipartUploadInput, opts?: SendOptions): Promise<mpu.CreateMultipartUploadResult> {
    return mpu.createMultipartUpload(this, input, opts);
  }

  uploadPart(input: mpu.UploadPartInput, opts?: SendOptions): Promise<mpu.UploadPartResult> {
    return mpu.uploadPart(this, input, opts);
  }

  completeMultipartUpload(input: mpu.CompleteMultipartUploadInput, opts?: SendOptions): Promise<mpu.CompleteMultipartUploadResult> {
    return mpu.completeMultipartUpload(this, input, opts);
  }

  abortMultipartUpload(input: mpu.UploadIdInput, opts?: SendOptions): Promise<ResponseMetadata> {
    return mpu.abortMultipartUpload(this, input, opts);
  }

  listParts(input: mpu.ListPartsInput, opts?: SendOptions): Promise<mpu.ListPartsResult> {
    return mpu.listParts(this, input, opts);
  }

  listMultipartUploads(input: mpu.ListMultipartUploadsInput, opts?: SendOptions): Promise<mpu.ListMultipartUploadsResult> {
    return mpu.listMultipartUploads(this, input, opts);
  }

  /** @internal A checksum (base64) computed here, as the server would. */
  checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
    return checksumOf(algorithm, data, this.runtime.hash);
  }

  /** @internal MD5 as hex, as in a simple ETag. */
  async md5Hex(data: Uint8Array): Promise<string> {
    return toHex(await this.runtime.md5(data));
  }

  // Managed transfers

  /** Upload any body: one PUT when small, parallel parts when large or of unknown length. */
  upload(input: UploadInput): Promise<UploadResult> {
    return upload(this, input);
  }

  /** Read an object by parallel ranged GETs pinned to one version; the body comes in order. */
  download(input: DownloadInput): Promise<DownloadResult> {
    return download(this, input);
  }

  // Presigned URLs

  presignGetObject(input: presign.PresignGetObjectInput): Promise<presign.PresignedUrl> {
    return presign.presignGetObject(this, input);
  }

  presignPutObject(input: presign.PresignPutObjectInput): Promise<presign.PresignedUrl> {
    return presign.presignPutObject(this, input);
  }
}
