// The client facade: each method is an operation from src/ops sent through one pipeline.
import { IntegrityError } from './errors.ts';
import { base64Encode } from './sigv4/base64.ts';
import { toHex } from './sigv4/crypto.ts';
import { resolveConfig, type ResolvedConfig, type S3ClientConfig } from './config.ts';
import type { Transport } from './http/types.ts';
import { prepareBody } from './ops/body.ts';
import * as buckets from './ops/buckets.ts';
import { copyObjectRequest, parseCopyObjectResponse, type CopyObjectInput, type CopyObjectResult } from './ops/copy-object.ts';
import * as del from './ops/delete-object.ts';
import * as get from './ops/get-object.ts';
import * as list from './ops/list-objects-v2.ts';
import * as mpu from './ops/multipart.ts';
import type { ObjectInfo } from './ops/object-headers.ts';
import * as presign from './ops/presign.ts';
import * as put from './ops/put-object.ts';
import type { ResponseMetadata } from './ops/types.ts';
import { addressOf, RequestPipeline, type SendOptions } from './send.ts';
import type { AsyncSigner, Signer, SignerOptions } from './sigv4/signer.ts';
import { checksumOf, type ChecksumAlgorithm, type HashFactory } from './checksum/checksum.ts';
import { download, type DownloadInput, type DownloadResult } from './transfer/download.ts';
import { upload, type UploadInput, type UploadResult } from './transfer/upload.ts';

/** What differs between runtimes: crypto and transport. Chosen by the entry point, never sniffed. */
export interface Runtime {
  createSigner(options: SignerOptions): Signer | AsyncSigner;
  createTransport(): Transport;
  /** MD5 (Content-MD5 for DeleteObjects, part ETags when resuming). */
  md5(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Incremental SHA-1/SHA-256 for the SHA checksums; without it only the CRC checksums work. */
  readonly hash?: HashFactory;
}

export interface ClientOptions extends S3ClientConfig {
  /** Replace the transport (a fetch with a proxy, a test double, ...). */
  readonly transport?: Transport;
}

export class S3ClientBase {
  readonly config: ResolvedConfig;
  readonly #pipeline: RequestPipeline;
  readonly #runtime: Runtime;

  constructor(options: ClientOptions, runtime: Runtime) {
    this.config = resolveConfig(options);
    this.#runtime = runtime;
    const signer = runtime.createSigner({ credentials: this.config.credentials, region: this.config.region, service: 's3' });
    this.#pipeline = new RequestPipeline(this.config, signer, options.transport ?? runtime.createTransport(), runtime.hash);
  }

  /** Close idle connections (lets a script exit at once). */
  close(): Promise<void> {
    return this.#pipeline.transport.close();
  }

  /** What `JSON.stringify(client)` shows: the configuration without the secret key or session token. */
  toJSON(): Record<string, unknown> {
    const { credentials, now: _now, ...rest } = this.config;
    const redacted = { accessKeyId: credentials.accessKeyId, secretAccessKey: '[redacted]', ...(credentials.sessionToken ? { sessionToken: '[redacted]' } : {}) };
    return { ...rest, credentials: redacted };
  }

  /** `console.log(client)` must not print the secret key (the config holds it). */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: (v: unknown, o: object) => string): string {
    return `${this.constructor.name} ${inspect({ config: this.toJSON() }, options)}`;
  }

  // Buckets

  async listBuckets(opts?: SendOptions): Promise<buckets.ListBucketsResult> {
    return buckets.parseListBucketsResponse(await this.#pipeline.send(buckets.listBucketsRequest(), opts));
  }

  async createBucket(input: buckets.CreateBucketInput, opts?: SendOptions): Promise<buckets.CreateBucketResult> {
    return buckets.parseCreateBucketResponse(await this.#pipeline.send(buckets.createBucketRequest(input, this.config.region), opts));
  }

  async headBucket(input: buckets.BucketInput, opts?: SendOptions): Promise<buckets.HeadBucketResult> {
    return buckets.parseHeadBucketResponse(await this.#pipeline.send(buckets.headBucketRequest(input), opts));
  }

  async deleteBucket(input: buckets.BucketInput, opts?: SendOptions): Promise<ResponseMetadata> {
    return buckets.parseEmptyResponse(await this.#pipeline.send(buckets.deleteBucketRequest(input), opts));
  }

  // Objects

  /**
   * Write an object. A stream of unknown length is uploaded in parts (see {@link upload}), so it is
   * never buffered whole.
   */
  async putObject(input: put.PutObjectInput, opts?: SendOptions): Promise<put.PutObjectResult> {
    const body = prepareBody(input.body, input.contentLength);
    const req = put.putObjectRequest(input, body);
    if (body.length === undefined) {
      const r = await this.upload({ ...input, signal: opts?.signal });
      return { eTag: r.eTag, versionId: r.versionId, requestId: r.requestId };
    }
    return put.parsePutObjectResponse(await this.#pipeline.send(req, opts));
  }

  /** Read an object. The body is a stream: read it (`bytes()`, `text()`, `stream()`) or `discard()` it. */
  async getObject(input: get.GetObjectInput, opts?: SendOptions): Promise<get.GetObjectResult> {
    return get.parseGetObjectResponse(await this.#pipeline.send(get.getObjectRequest(input), opts));
  }

  async headObject(input: get.HeadObjectInput, opts?: SendOptions): Promise<ObjectInfo> {
    return get.parseHeadObjectResponse(await this.#pipeline.send(get.getObjectRequest(input, 'HEAD'), opts));
  }

  async deleteObject(input: del.DeleteObjectInput, opts?: SendOptions): Promise<del.DeleteObjectResult> {
    return del.parseDeleteObjectResponse(await this.#pipeline.send(del.deleteObjectRequest(input), opts));
  }

  /** Delete many keys, 1000 per request; failures per key are reported in `errors`, not thrown. */
  async deleteObjects(input: del.DeleteObjectsInput, opts?: SendOptions): Promise<del.DeleteResult> {
    const deleted: del.DeleteResult['deleted'][number][] = [];
    const errors: del.DeleteResult['errors'][number][] = [];
    for (const batch of del.deleteObjectsBatches(input)) {
      const md5 = base64Encode(await this.#runtime.md5(batch.xml));
      const r = await del.parseDeleteObjectsResponse(await this.#pipeline.send(del.deleteObjectsRequest(batch, md5), opts));
      deleted.push(...r.deleted);
      errors.push(...r.errors);
    }
    return { deleted, errors };
  }

  async copyObject(input: CopyObjectInput, opts?: SendOptions): Promise<CopyObjectResult> {
    const req = copyObjectRequest(input);
    return parseCopyObjectResponse(await this.#pipeline.send(req, opts), input.bucket, input.key);
  }

  // Listing

  async listObjectsV2(input: list.ListObjectsV2Input, opts?: SendOptions): Promise<list.ListObjectsV2Result> {
    return list.parseListObjectsV2Response(await this.#pipeline.send(list.listObjectsV2Request(input), opts));
  }

  /** Every page of a listing, following continuation tokens. */
  async *listObjectsV2Pages(input: list.ListObjectsV2Input, opts?: SendOptions): AsyncGenerator<list.ListObjectsV2Result> {
    let token = input.continuationToken;
    for (;;) {
      const page = await this.listObjectsV2({ ...input, continuationToken: token }, opts);
      yield page;
      if (!page.isTruncated) return;
      if (!page.nextContinuationToken || page.nextContinuationToken === token) {
        throw new IntegrityError('BadPagination', 'the listing is truncated but gave no new continuation token');
      }
      token = page.nextContinuationToken;
    }
  }

  /** Every object under a prefix, across pages. */
  async *listObjects(input: list.ListObjectsV2Input, opts?: SendOptions): AsyncGenerator<list.ListObjectsV2Result['contents'][number]> {
    for await (const page of this.listObjectsV2Pages(input, opts)) yield* page.contents;
  }

  // Multipart, low level

  async createMultipartUpload(input: mpu.CreateMultipartUploadInput, opts?: SendOptions): Promise<mpu.CreateMultipartUploadResult> {
    return mpu.parseCreateMultipartUploadResponse(await this.#pipeline.send(mpu.createMultipartUploadRequest(input), opts));
  }

  async uploadPart(input: mpu.UploadPartInput, opts?: SendOptions): Promise<mpu.UploadPartResult> {
    const req = mpu.uploadPartRequest(input, prepareBody(input.body, input.contentLength));
    return mpu.parseUploadPartResponse(await this.#pipeline.send(req, opts), input.partNumber);
  }

  async completeMultipartUpload(input: mpu.CompleteMultipartUploadInput, opts?: SendOptions): Promise<mpu.CompleteMultipartUploadResult> {
    const req = mpu.completeMultipartUploadRequest(input);
    return mpu.parseCompleteMultipartUploadResponse(await this.#pipeline.send(req, opts), input.bucket, input.key);
  }

  async abortMultipartUpload(input: mpu.UploadIdInput, opts?: SendOptions): Promise<ResponseMetadata> {
    return buckets.parseEmptyResponse(await this.#pipeline.send(mpu.abortMultipartUploadRequest(input), opts));
  }

  async listParts(input: mpu.ListPartsInput, opts?: SendOptions): Promise<mpu.ListPartsResult> {
    return mpu.parseListPartsResponse(await this.#pipeline.send(mpu.listPartsRequest(input), opts));
  }

  async listMultipartUploads(input: mpu.ListMultipartUploadsInput, opts?: SendOptions): Promise<mpu.ListMultipartUploadsResult> {
    return mpu.parseListMultipartUploadsResponse(await this.#pipeline.send(mpu.listMultipartUploadsRequest(input), opts));
  }

  /** @internal A checksum (base64) computed here, as the server would. */
  checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
    return checksumOf(algorithm, data, this.#runtime.hash);
  }

  /** @internal MD5 as hex, as in a simple ETag. */
  async md5Hex(data: Uint8Array): Promise<string> {
    return toHex(await this.#runtime.md5(data));
  }

  // Managed transfers

  /** Upload any body: one PUT when small, parallel parts when large or of unknown length. */
  async upload(input: UploadInput): Promise<UploadResult> {
    return upload(this, input);
  }

  /** Read an object by parallel ranged GETs pinned to one version; the body comes in order. */
  async download(input: DownloadInput): Promise<DownloadResult> {
    return download(this, input);
  }

  // Presigned URLs

  async presignGetObject(input: presign.PresignGetObjectInput): Promise<presign.PresignedUrl> {
    return this.#presign(presign.presignGetObjectRequest(input), input);
  }

  async presignPutObject(input: presign.PresignPutObjectInput): Promise<presign.PresignedUrl> {
    return this.#presign(presign.presignPutObjectRequest(input), input);
  }

  async #presign(req: import('./ops/types.ts').S3Request, input: presign.PresignBase): Promise<presign.PresignedUrl> {
    const address = addressOf(this.config, req.bucket, req.key);
    const headers: Record<string, string> = {};
    for (const k in req.headers) if (req.headers[k] !== undefined) headers[k] = req.headers[k]!;
    const date = input.date ?? this.config.now();
    const expiresIn = input.expiresIn ?? 3600;
    const signed = await this.#pipeline.signer.presign(
      { method: req.method, host: address.host, path: address.path, query: req.query, headers },
      { date, expiresIn },
    );
    return {
      url: address.origin + address.path + '?' + signed.queryString,
      method: req.method as 'GET' | 'PUT',
      headers,
      expiresAt: new Date(date.getTime() + expiresIn * 1000),
    };
  }
}
