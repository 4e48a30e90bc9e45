// CopyObject. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { ServiceError } from '../errors.ts';
import { uriEncodePath } from '../sigv4/uri-encode.ts';
import { checkBucket, checkKey } from '../validate.ts';
import { parseCopyObjectResult } from '../xml/copy-object.ts';
import { parseError } from '../xml/error.ts';
import { writeHeaders, type ObjectWriteHeaders } from './object-headers.ts';
import { metadataOf, type ResponseMetadata, type S3Request, type S3Response } from './types.ts';

export interface CopyObjectInput extends ObjectWriteHeaders {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  readonly sourceVersionId?: string;
  readonly bucket: string;
  readonly key: string;
  /** `COPY` (default) keeps the source's metadata; `REPLACE` uses the metadata given here. */
  readonly metadataDirective?: 'COPY' | 'REPLACE';
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
}

export function copyObjectRequest(i: CopyObjectInput): S3Request {
  const source = '/' + checkBucket(i.sourceBucket) + '/' + uriEncodePath(checkKey(i.sourceKey)) + (i.sourceVersionId ? '?versionId=' + encodeURIComponent(i.sourceVersionId) : '');
  return {
    method: 'PUT',
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    headers: {
      ...writeHeaders(i),
      'x-amz-copy-source': source,
      'x-amz-metadata-directive': i.metadataDirective ?? (i.metadata || i.contentType ? 'REPLACE' : undefined),
      'x-amz-copy-source-if-match': i.ifMatch,
      'x-amz-copy-source-if-none-match': i.ifNoneMatch,
    },
  };
}

export interface CopyObjectResult extends ResponseMetadata {
  readonly eTag: string | undefined;
  readonly lastModified: Date | undefined;
  readonly versionId: string | undefined;
}

/** A copy can fail after the 200 status went out: the body is then an <Error>. */
export async function parseCopyObjectResponse(res: S3Response, bucket: string, key: string): Promise<CopyObjectResult> {
  const text = await res.body.text();
  const err = parseError(text);
  if (err) throw new ServiceError({ status: res.status, ...err, bucket, key });
  const r = parseCopyObjectResult(text);
  return { eTag: r.eTag, lastModified: r.lastModified, versionId: res.headers['x-amz-version-id'], ...metadataOf(res) };
}

export async function copyObject(s3: S3CoreBase, input: CopyObjectInput, opts?: SendOptions): Promise<CopyObjectResult> {
  const req = copyObjectRequest(input);
  return parseCopyObjectResponse(await s3.send(req, opts), input.bucket, input.key);
}
