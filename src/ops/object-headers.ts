// Headers shared by the object operations: what a PUT may set, and what a GET/HEAD returns.
import { ArgumentError } from '../errors.ts';
import { checkMetadata } from '../validate.ts';
import type { S3Response } from './types.ts';

/** Standard and user metadata a write may set. */
export interface ObjectWriteHeaders {
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly expires?: Date | string;
  /** User metadata, sent as `x-amz-meta-<name>`. */
  readonly metadata?: Record<string, string>;
  readonly storageClass?: string;
  readonly acl?: string;
  readonly tagging?: string;
}

export function writeHeaders(i: ObjectWriteHeaders): Record<string, string | undefined> {
  checkMetadata(i.metadata);
  const h: Record<string, string | undefined> = {
    'content-type': i.contentType,
    'cache-control': i.cacheControl,
    'content-disposition': i.contentDisposition,
    'content-encoding': i.contentEncoding,
    'content-language': i.contentLanguage,
    expires: i.expires instanceof Date ? i.expires.toUTCString() : i.expires,
    'x-amz-storage-class': i.storageClass,
    'x-amz-acl': i.acl,
    'x-amz-tagging': i.tagging,
  };
  for (const k in h) {
    const v = h[k];
    if (v !== undefined && /[\r\n\0]/.test(v)) throw new ArgumentError('InvalidHeader', `${k} must not contain line breaks`);
  }
  if (i.metadata) for (const [k, v] of Object.entries(i.metadata)) h['x-amz-meta-' + k.toLowerCase()] = v;
  return h;
}

/** Conditions for reads: 304 and 412 come back as ServiceError NotModified / PreconditionFailed. */
export interface ReadConditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: Date;
  readonly ifUnmodifiedSince?: Date;
}

export function conditionHeaders(c: ReadConditions, range?: string): Record<string, string | undefined> {
  return {
    range,
    'if-match': c.ifMatch,
    'if-none-match': c.ifNoneMatch,
    'if-modified-since': c.ifModifiedSince?.toUTCString(),
    'if-unmodified-since': c.ifUnmodifiedSince?.toUTCString(),
  };
}

/** What GET and HEAD tell about an object. */
export interface ObjectInfo {
  readonly contentLength: number;
  readonly contentType: string | undefined;
  readonly eTag: string | undefined;
  readonly lastModified: Date | undefined;
  readonly versionId: string | undefined;
  readonly cacheControl: string | undefined;
  readonly contentDisposition: string | undefined;
  readonly contentEncoding: string | undefined;
  readonly contentLanguage: string | undefined;
  readonly contentRange: string | undefined;
  readonly expires: string | undefined;
  readonly storageClass: string | undefined;
  readonly metadata: Record<string, string>;
  readonly requestId: string | undefined;
}

export function objectInfo(res: S3Response): ObjectInfo {
  const h = res.headers;
  const metadata: Record<string, string> = {};
  for (const k in h) if (k.startsWith('x-amz-meta-')) metadata[k.slice(11)] = h[k]!;
  const lm = h['last-modified'];
  return {
    contentLength: Number(h['content-length'] ?? 0),
    contentType: h['content-type'],
    eTag: h.etag,
    lastModified: lm ? new Date(lm) : undefined,
    versionId: h['x-amz-version-id'],
    cacheControl: h['cache-control'],
    contentDisposition: h['content-disposition'],
    contentEncoding: h['content-encoding'],
    contentLanguage: h['content-language'],
    contentRange: h['content-range'],
    expires: h.expires,
    storageClass: h['x-amz-storage-class'],
    metadata,
    requestId: h['x-amz-request-id'],
  };
}
