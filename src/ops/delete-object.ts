// DeleteObject and DeleteObjects. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { base64Encode } from '../sigv4/base64.ts';
import { ArgumentError } from '../errors.ts';
import { checkBucket, checkKey } from '../validate.ts';
import { buildDeleteObjects } from '../xml/build.ts';
import { parseDeleteResult, type DeleteResult } from '../xml/delete-objects.ts';
import type { ResponseMetadata, S3Request, S3Response } from './types.ts';

export interface DeleteObjectInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

export function deleteObjectRequest(i: DeleteObjectInput): S3Request {
  return { method: 'DELETE', bucket: checkBucket(i.bucket), key: checkKey(i.key), query: { versionId: i.versionId }, noXml: true };
}

export interface DeleteObjectResult extends ResponseMetadata {
  readonly deleteMarker: boolean;
  readonly versionId: string | undefined;
}

export async function parseDeleteObjectResponse(res: S3Response): Promise<DeleteObjectResult> {
  await res.body.discard();
  const h = res.headers;
  return { deleteMarker: h['x-amz-delete-marker'] === 'true', versionId: h['x-amz-version-id'], requestId: h['x-amz-request-id'] };
}

export interface DeleteObjectsInput {
  readonly bucket: string;
  /** Any number of keys: sent in batches of 1000, S3's limit per request. */
  readonly keys: ReadonlyArray<string | { readonly key: string; readonly versionId?: string }>;
  /** Ask the server to list only failures. */
  readonly quiet?: boolean;
}

export const DELETE_BATCH = 1000;

export interface DeleteBatch {
  readonly bucket: string;
  readonly xml: Uint8Array;
}

const utf8 = new TextEncoder();

/** Validate everything first (no request goes out if any key is bad), then cut into batches. */
export function deleteObjectsBatches(i: DeleteObjectsInput): DeleteBatch[] {
  const bucket = checkBucket(i.bucket);
  if (!Array.isArray(i.keys)) throw new ArgumentError('InvalidArgument', 'keys must be an array');
  const objects = i.keys.map((k) => (typeof k === 'string' ? { key: checkKey(k) } : { key: checkKey(k.key), versionId: k.versionId }));
  const batches: DeleteBatch[] = [];
  for (let n = 0; n < objects.length; n += DELETE_BATCH) {
    batches.push({ bucket, xml: utf8.encode(buildDeleteObjects(objects.slice(n, n + DELETE_BATCH), i.quiet ?? false)) });
  }
  return batches;
}

export function deleteObjectsRequest(batch: DeleteBatch, contentMD5: string): S3Request {
  return {
    method: 'POST',
    bucket: batch.bucket,
    query: { delete: '' },
    headers: { 'content-md5': contentMD5, 'content-type': 'application/xml' },
    body: batch.xml,
  };
}

export async function parseDeleteObjectsResponse(res: S3Response): Promise<DeleteResult> {
  return parseDeleteResult(await res.body.text());
}

export type { DeleteResult };

export async function deleteObject(s3: S3CoreBase, input: DeleteObjectInput, opts?: SendOptions): Promise<DeleteObjectResult> {
  return parseDeleteObjectResponse(await s3.send(deleteObjectRequest(input), opts));
}

/** Delete many keys, 1000 per request; failures per key are reported in `errors`, not thrown. */
export async function deleteObjects(s3: S3CoreBase, input: DeleteObjectsInput, opts?: SendOptions): Promise<DeleteResult> {
  const deleted: DeleteResult['deleted'][number][] = [];
  const errors: DeleteResult['errors'][number][] = [];
  for (const batch of deleteObjectsBatches(input)) {
    const md5 = base64Encode(await s3.runtime.md5(batch.xml));
    const r = await parseDeleteObjectsResponse(await s3.send(deleteObjectsRequest(batch, md5), opts));
    deleted.push(...r.deleted);
    errors.push(...r.errors);
  }
  return { deleted, errors };
}
