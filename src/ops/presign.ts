// Presigned GET and PUT URLs. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { checkBucket, checkExpiresIn, checkKey } from '../validate.ts';
import { writeHeaders, type ObjectWriteHeaders } from './object-headers.ts';
import type { S3Request } from './types.ts';

export interface PresignBase {
  readonly bucket: string;
  readonly key: string;
  /** Seconds, 1..604800 (default 3600). */
  readonly expiresIn?: number;
  /** Signing time (default: now). */
  readonly date?: Date;
}

export interface PresignGetObjectInput extends PresignBase {
  readonly versionId?: string;
  readonly responseContentType?: string;
  /** e.g. `attachment; filename*=UTF-8''na%C3%AFve.txt` (RFC 5987). */
  readonly responseContentDisposition?: string;
  readonly responseCacheControl?: string;
  readonly responseContentLanguage?: string;
  readonly responseExpires?: string;
  readonly responseContentEncoding?: string;
}

export interface PresignPutObjectInput extends PresignBase, ObjectWriteHeaders {}

export interface PresignedUrl {
  readonly url: string;
  readonly method: 'GET' | 'PUT';
  /** Headers that were signed and must be sent with the URL (besides host). */
  readonly headers: Record<string, string>;
  readonly expiresAt: Date;
}

export function presignGetObjectRequest(i: PresignGetObjectInput): S3Request {
  checkExpiresIn(i.expiresIn ?? 3600);
  return {
    method: 'GET',
    bucket: checkBucket(i.bucket),
    key: checkKey(i.key),
    query: {
      versionId: i.versionId,
      'response-content-type': i.responseContentType,
      'response-content-disposition': i.responseContentDisposition,
      'response-cache-control': i.responseCacheControl,
      'response-content-language': i.responseContentLanguage,
      'response-expires': i.responseExpires,
      'response-content-encoding': i.responseContentEncoding,
    },
  };
}

export function presignPutObjectRequest(i: PresignPutObjectInput): S3Request {
  checkExpiresIn(i.expiresIn ?? 3600);
  return { method: 'PUT', bucket: checkBucket(i.bucket), key: checkKey(i.key), headers: writeHeaders(i) };
}

export async function presignGetObject(s3: S3CoreBase, input: PresignGetObjectInput): Promise<PresignedUrl> {
  return s3.presign(presignGetObjectRequest(input), input);
}

export async function presignPutObject(s3: S3CoreBase, input: PresignPutObjectInput): Promise<PresignedUrl> {
  return s3.presign(presignPutObjectRequest(input), input);
}
