// Multipart upload, low level: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { checkChecksumAlgorithm, checksumRequest, checksumsOf, type ChecksumAlgorithm, type ChecksumInput, type ChecksumValues } from '../checksum/checksum.ts';
import { ArgumentError, ServiceError } from '../errors.ts';
import { checkBucket, checkKey, checkPartNumber, checkUploadId } from '../validate.ts';
import { buildCompleteMultipartUpload } from '../xml/build.ts';
import { parseError } from '../xml/error.ts';
import {
  parseCompleteMultipartUpload,
  parseInitiateMultipartUpload,
  parseListMultipartUploads,
  parseListParts,
  type ListMultipartUploadsResult,
  type ListPartsResult,
} from '../xml/multipart.ts';
import { prepareBody, type PreparedBody } from './body.ts';
import { writeHeaders, type ObjectWriteHeaders } from './object-headers.ts';
import { metadataOf, type ResponseMetadata, type S3Request, type S3Response } from './types.ts';

export type { ListMultipartUploadsResult, ListPartsResult };

export interface CreateMultipartUploadInput extends ObjectWriteHeaders {
  readonly bucket: string;
  readonly key: string;
  /** The checksum every part will carry (`x-amz-checksum-algorithm`). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
}

export function createMultipartUploadRequest(i: CreateMultipartUploadInput): S3Request {
  const algorithm = i.checksumAlgorithm === undefined ? undefined : checkChecksumAlgorithm(i.checksumAlgorithm);
  const headers = { ...writeHeaders(i), 'x-amz-checksum-algorithm': algorithm };
  return { method: 'POST', bucket: checkBucket(i.bucket), key: checkKey(i.key), query: { uploads: '' }, headers };
}

export interface CreateMultipartUploadResult extends ResponseMetadata {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
}

export async function parseCreateMultipartUploadResponse(res: S3Response): Promise<CreateMultipartUploadResult> {
  return { ...parseInitiateMultipartUpload(await res.body.text()), ...metadataOf(res) };
}

export interface UploadPartInput extends ChecksumInput {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  readonly body: import('./body.ts').BodyInput;
  readonly contentLength?: number;
  readonly contentMD5?: string;
  /** Sign a stream body chunk by chunk (aws-chunked). Default: the client's `streamingSignature`. */
  readonly streamingSignature?: boolean;
}

export function uploadPartRequest(i: UploadPartInput, body: PreparedBody): S3Request {
  if (body.length === undefined) throw new ArgumentError('MissingContentLength', 'uploadPart needs a body of known length (give contentLength for a stream)');
  const checksum = checksumRequest(i);
  return {
    noXml: true,
    method: 'PUT',
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    query: { partNumber: String(checkPartNumber(i.partNumber)), uploadId: checkUploadId(i.uploadId) },
    headers: { 'content-md5': i.contentMD5, ...checksum.headers },
    body: body.body,
    ...(checksum.checksumAlgorithm ? { checksumAlgorithm: checksum.checksumAlgorithm } : {}),
    ...(i.streamingSignature !== undefined ? { streamingSignature: i.streamingSignature } : {}),
    contentLength: body.length,
  };
}

export interface UploadPartResult extends ResponseMetadata {
  readonly eTag: string;
  readonly partNumber: number;
  /** The part's checksum as the server computed it, for CompleteMultipartUpload. */
  readonly checksums: ChecksumValues;
}

export async function parseUploadPartResponse(res: S3Response, partNumber: number): Promise<UploadPartResult> {
  await res.body.discard();
  const eTag = res.headers.etag;
  if (!eTag) throw new ServiceError({ status: res.status, code: 'MissingETag', message: 'the server sent no ETag for the part' });
  return { eTag, partNumber, checksums: checksumsOf(res.headers), ...metadataOf(res) };
}

/** A part as CompleteMultipartUpload lists it; with the part's checksum when the upload has one. */
export interface CompletedPart extends ChecksumValues {
  readonly partNumber: number;
  readonly eTag: string;
}

export interface CompleteMultipartUploadInput {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly parts: readonly CompletedPart[];
}

const utf8 = new TextEncoder();

export function completeMultipartUploadRequest(i: CompleteMultipartUploadInput): S3Request {
  if (!Array.isArray(i.parts) || i.parts.length === 0) throw new ArgumentError('InvalidArgument', 'parts must list at least one part');
  const seen = new Set<number>();
  for (const p of i.parts) {
    checkPartNumber(p.partNumber);
    if (seen.has(p.partNumber)) throw new ArgumentError('InvalidArgument', `part ${p.partNumber} is listed twice`);
    seen.add(p.partNumber);
    if (typeof p.eTag !== 'string' || p.eTag === '') throw new ArgumentError('InvalidArgument', `part ${p.partNumber} has no eTag`);
  }
  return {
    method: 'POST',
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    query: { uploadId: checkUploadId(i.uploadId) },
    headers: { 'content-type': 'application/xml' },
    body: utf8.encode(buildCompleteMultipartUpload(i.parts)),
  };
}

export interface CompleteMultipartUploadResult extends ResponseMetadata {
  readonly location: string | undefined;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly eTag: string | undefined;
  readonly versionId: string | undefined;
}

/** S3 may answer 200 and then report failure in the body: that is an error, not a result. */
export async function parseCompleteMultipartUploadResponse(res: S3Response, bucket: string, key: string): Promise<CompleteMultipartUploadResult> {
  const text = await res.body.text();
  const err = parseError(text);
  if (err) throw new ServiceError({ status: res.status, ...err, bucket, key });
  const r = parseCompleteMultipartUpload(text);
  return { location: r.location, bucket: r.bucket, key: r.key, eTag: r.eTag, versionId: res.headers['x-amz-version-id'], ...metadataOf(res) };
}

export interface UploadIdInput {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
}

export function abortMultipartUploadRequest(i: UploadIdInput): S3Request {
  return { method: 'DELETE', bucket: checkBucket(i.bucket), key: checkKey(i.key), query: { uploadId: checkUploadId(i.uploadId) } };
}

export interface ListPartsInput extends UploadIdInput {
  readonly maxParts?: number;
  readonly partNumberMarker?: number;
}

export function listPartsRequest(i: ListPartsInput): S3Request {
  return {
    method: 'GET',
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    query: {
      uploadId: checkUploadId(i.uploadId),
      'max-parts': i.maxParts === undefined ? undefined : String(i.maxParts),
      'part-number-marker': i.partNumberMarker === undefined ? undefined : String(i.partNumberMarker),
    },
  };
}

export async function parseListPartsResponse(res: S3Response): Promise<ListPartsResult> {
  return parseListParts(await res.body.text());
}

export interface ListMultipartUploadsInput {
  readonly bucket: string;
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly maxUploads?: number;
}

export function listMultipartUploadsRequest(i: ListMultipartUploadsInput): S3Request {
  return {
    method: 'GET',
    bucket: checkBucket(i.bucket),
    query: {
      uploads: '',
      prefix: i.prefix,
      delimiter: i.delimiter,
      'key-marker': i.keyMarker,
      'upload-id-marker': i.uploadIdMarker,
      'max-uploads': i.maxUploads === undefined ? undefined : String(i.maxUploads),
    },
  };
}

export async function parseListMultipartUploadsResponse(res: S3Response): Promise<ListMultipartUploadsResult> {
  return parseListMultipartUploads(await res.body.text());
}

export async function createMultipartUpload(s3: S3CoreBase, input: CreateMultipartUploadInput, opts?: SendOptions): Promise<CreateMultipartUploadResult> {
  return parseCreateMultipartUploadResponse(await s3.send(createMultipartUploadRequest(input), opts));
}

export async function uploadPart(s3: S3CoreBase, input: UploadPartInput, opts?: SendOptions): Promise<UploadPartResult> {
  const req = uploadPartRequest(input, prepareBody(input.body, input.contentLength));
  return parseUploadPartResponse(await s3.send(req, opts), input.partNumber);
}

export async function completeMultipartUpload(s3: S3CoreBase, input: CompleteMultipartUploadInput, opts?: SendOptions): Promise<CompleteMultipartUploadResult> {
  const req = completeMultipartUploadRequest(input);
  return parseCompleteMultipartUploadResponse(await s3.send(req, opts), input.bucket, input.key);
}

export async function abortMultipartUpload(s3: S3CoreBase, input: UploadIdInput, opts?: SendOptions): Promise<ResponseMetadata> {
  const res = await s3.send(abortMultipartUploadRequest(input), opts);
  await res.body.discard();
  return metadataOf(res);
}

export async function listParts(s3: S3CoreBase, input: ListPartsInput, opts?: SendOptions): Promise<ListPartsResult> {
  return parseListPartsResponse(await s3.send(listPartsRequest(input), opts));
}

export async function listMultipartUploads(s3: S3CoreBase, input: ListMultipartUploadsInput, opts?: SendOptions): Promise<ListMultipartUploadsResult> {
  return parseListMultipartUploadsResponse(await s3.send(listMultipartUploadsRequest(input), opts));
}
