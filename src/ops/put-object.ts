// PutObject. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { ArgumentError } from '../errors.ts';
import { checksumRequest, checksumsOf, type ChecksumInput, type ChecksumValues } from '../checksum/checksum.ts';
import { checkBucket, checkKey } from '../validate.ts';
import { prepareBody, type BodyInput, type PreparedBody } from './body.ts';
import { writeHeaders, type ObjectWriteHeaders } from './object-headers.ts';
import type { ResponseMetadata, S3Request, S3Response } from './types.ts';

export interface PutObjectInput extends ObjectWriteHeaders, ChecksumInput {
  readonly bucket: string;
  readonly key: string;
  readonly body: BodyInput;
  /** Length of a stream body, when known (a stream without it is uploaded in parts). */
  readonly contentLength?: number;
  readonly contentMD5?: string;
  /** Sign a stream body chunk by chunk (aws-chunked). Default: the client's `streamingSignature`. */
  readonly streamingSignature?: boolean;
  /** Write only if no object has this key (`If-None-Match: *`). */
  readonly ifNoneMatch?: string;
  readonly ifMatch?: string;
}

export interface PutObjectResult extends ResponseMetadata, ChecksumValues {
  readonly eTag: string | undefined;
  readonly versionId: string | undefined;
}

export function putObjectRequest(i: PutObjectInput, body: PreparedBody): S3Request {
  const checksum = checksumRequest(i);
  return {
    noXml: true,
    method: 'PUT',
    // Checked in this order: bucket, key, then the metadata (writeHeaders).
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    // Object.assign, not `{ ...a, more }`: V8's slow path, ~6 us for these headers on Node 20.
    headers: Object.assign(writeHeaders(i), { 'content-md5': i.contentMD5, 'if-none-match': i.ifNoneMatch, 'if-match': i.ifMatch }, checksum.headers),
    body: body.body,
    checksumAlgorithm: checksum.checksumAlgorithm,
    streamingSignature: i.streamingSignature,
    contentLength: body.length,
  };
}

export async function parsePutObjectResponse(res: S3Response): Promise<PutObjectResult> {
  await res.body.discard();
  const h = res.headers;
  return Object.assign(checksumsOf(h), { eTag: h.etag, versionId: h['x-amz-version-id'], requestId: h['x-amz-request-id'] });
}

/**
 * Write an object whose length is known (bytes, text, a Blob, or a stream with `contentLength`).
 * S3Client's putObject() and upload() also take streams of unknown length.
 */
export async function putObject(s3: S3CoreBase, input: PutObjectInput, opts?: SendOptions): Promise<PutObjectResult> {
  const body = prepareBody(input.body, input.contentLength);
  const req = putObjectRequest(input, body);
  if (body.length === undefined) {
    throw new ArgumentError('MissingContentLength', 'a stream body of unknown length: give contentLength, or use upload()');
  }
  return parsePutObjectResponse(await s3.send(req, opts));
}
