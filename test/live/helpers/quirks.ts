// Where a server departs from S3, as observed, so the live tests assert what each server really
// does instead of skipping. A server not named here is held to S3's documented behaviour.
//
// s3s-fs 0.14.1 (s3s-fs/src/s3.rs, fs.rs): objects are plain files at <root>/<bucket>/<key>, so
// `a//b` is the file `a/b`; each object also gets a sidecar
// `.bucket-<base64url(bucket)>.object-<base64url(key)>.internal.json` in the data root, so a key
// of more than about 150 bytes makes that file name pass 255 bytes and the PUT fails (500).
//
// RustFS 1.0.1, as seen from the live tests on its single-disk setup: a made-up session token is
// a 500 ("check claims failed ... invalid token"), not S3's 403; a key with `//` is refused
// (InvalidArgument); the echoed Prefix and StartAfter of a url-encoded listing are raw; <Quiet>
// is ignored; the default Content-Type is application/octet-stream; a second CreateBucket of
// one's own bucket answers 200.

import { decodeUrlEncoded } from '../../../src/xml/url-encoding.ts';

export interface Quirks {
  /** ListMultipartUploads: false = answers 501 NotImplemented. */
  readonly listMultipartUploads: boolean;
  /** ListMultipartUploads `prefix` is a key prefix (MinIO: it must be a whole key, else nothing is listed). */
  readonly listUploadsPrefix: 'prefix' | 'whole-key';
  /** CompleteMultipartUpload rejects a part whose ETag does not match (InvalidPart). */
  readonly verifiesPartETags: boolean;
  /** ListParts gives each part's ETag. */
  readonly listPartsETags: boolean;
  /** ListParts honours max-parts (pages with IsTruncated / NextPartNumberMarker). */
  readonly listPartsPaging: boolean;
  /** ListParts lists parts in part-number order (s3s-fs: in directory order). */
  readonly listPartsSorted: boolean;
  /**
   * A CompleteMultipartUpload that fails (EntityTooSmall) leaves the upload to retry or abort.
   * s3s-fs drops the upload id first, so the upload is gone and its part files stay on its disk.
   */
  readonly failedCompleteKeepsUpload: boolean;
  /** ListParts of an aborted or completed upload: NoSuchUpload, or an answer listing no parts. */
  readonly listPartsGoneUpload: 'NoSuchUpload' | 'empty';
  /** AbortMultipartUpload of an upload that is gone: S3 says NoSuchUpload (MinIO: 204, s3s-fs: AccessDenied). */
  readonly abortGoneUpload: 'NoSuchUpload' | 'ok' | 'AccessDenied';
  /** GET/HEAD honour If-Match / If-None-Match / If-(Un)Modified-Since. */
  readonly readConditions: boolean;
  /** GetObject on a missing bucket: NoSuchBucket (s3s-fs opens the file first and says NoSuchKey). */
  readonly getMissingBucketCode: 'NoSuchBucket' | 'NoSuchKey';
  /**
   * HEAD errors carry the S3 code somewhere (MinIO: `x-minio-error-code`), so HEAD on a missing
   * bucket can say NoSuchBucket; otherwise only the status is known.
   */
  readonly headErrorCodeHeader: boolean;
  /** An unknown access key: the S3 error code. */
  readonly unknownAccessKeyCode: string;
  /** A made-up session token: rejected with this status and code (S3: 403 InvalidToken), or ignored (undefined). */
  readonly badSessionToken: { readonly status: number; readonly code: string } | undefined;
  /** Responses carry a request id (x-amz-request-id / <RequestId>). */
  readonly requestIds: boolean;
  /** A key with `//`: kept as is, collapsed to `/` (a file system path), or refused with this code. */
  readonly doubleSlashKey: 'kept' | 'collapsed' | { readonly refused: string };
  /** A 1024-byte key (the S3 maximum) in segments of 200 bytes. */
  readonly maxLengthKey: 'kept' | { readonly refused: string; readonly status: number };
  /**
   * ListObjectsV2 with encoding-type=url really URL-encodes the names. s3s-fs echoes
   * <EncodingType>url</EncodingType> but sends the names raw, so a client that decodes as told
   * (s3wire, boto3) reads `a+b` as `a b` and `%41` as `A`.
   */
  readonly listUrlEncoding: boolean;
  /**
   * Under encoding-type=url the echoed Prefix and StartAfter are url-encoded too, as S3 does.
   * RustFS encodes the keys but echoes them raw, so `a+` reads back as `a `.
   */
  readonly listEchoesEncoded: boolean;
  /** DeleteObjects honours <Quiet>true</Quiet> (lists only failures). */
  readonly deleteQuiet: boolean;
  /** ListObjectsV2 gives ETags. */
  readonly listETags: boolean;
  /** A PUT refused with BadDigest stores nothing (s3s-fs writes the object first, then checks Content-MD5). */
  readonly badDigestStoresNothing: boolean;
  /** PutObject into a bucket that does not exist: NoSuchBucket (s3s-fs creates the folder, hence the bucket). */
  readonly putCreatesBucket: boolean;
  /** Sets Content-Type to a default when the PUT had none. */
  readonly defaultContentType: string | undefined;
  /**
   * CreateBucket of a bucket you already own: 409 BucketAlreadyOwnedByYou, or 200 and nothing
   * changes (S3's legacy answer in us-east-1, and RustFS's in any region).
   */
  readonly recreateOwnBucket: 'BucketAlreadyOwnedByYou' | 'ok';
}

const S3: Quirks = {
  listMultipartUploads: true,
  listUploadsPrefix: 'prefix',
  verifiesPartETags: true,
  listPartsETags: true,
  listPartsPaging: true,
  listPartsSorted: true,
  failedCompleteKeepsUpload: true,
  listPartsGoneUpload: 'NoSuchUpload',
  abortGoneUpload: 'NoSuchUpload',
  readConditions: true,
  getMissingBucketCode: 'NoSuchBucket',
  headErrorCodeHeader: false,
  unknownAccessKeyCode: 'InvalidAccessKeyId',
  badSessionToken: { status: 403, code: 'InvalidToken' },
  requestIds: true,
  doubleSlashKey: 'kept',
  maxLengthKey: 'kept',
  listUrlEncoding: true,
  listEchoesEncoded: true,
  deleteQuiet: true,
  listETags: true,
  badDigestStoresNothing: true,
  putCreatesBucket: false,
  defaultContentType: 'binary/octet-stream',
  recreateOwnBucket: 'BucketAlreadyOwnedByYou',
};

const QUIRKS: Record<string, Quirks> = {
  's3s-fs': {
    ...S3,
    listMultipartUploads: false,
    verifiesPartETags: false,
    listPartsETags: false,
    listPartsPaging: false,
    listPartsSorted: false,
    failedCompleteKeepsUpload: false,
    listPartsGoneUpload: 'empty',
    abortGoneUpload: 'AccessDenied',
    readConditions: false,
    getMissingBucketCode: 'NoSuchKey',
    unknownAccessKeyCode: 'NotSignedUp',
    badSessionToken: undefined,
    requestIds: false,
    doubleSlashKey: 'collapsed',
    maxLengthKey: { refused: 'InternalError', status: 500 },
    listUrlEncoding: false,
    listEchoesEncoded: false,
    deleteQuiet: false,
    listETags: false,
    badDigestStoresNothing: false,
    putCreatesBucket: true,
    defaultContentType: undefined,
  },
  minio: {
    ...S3,
    abortGoneUpload: 'ok',
    listUploadsPrefix: 'whole-key',
    headErrorCodeHeader: true,
    badSessionToken: { status: 403, code: 'InvalidTokenId' },
    doubleSlashKey: { refused: 'XMinioInvalidObjectName' },
  },
  rustfs: {
    ...S3,
    badSessionToken: { status: 500, code: 'InternalError' },
    doubleSlashKey: { refused: 'InvalidArgument' },
    listEchoesEncoded: false,
    deleteQuiet: false,
    defaultContentType: 'application/octet-stream',
    recreateOwnBucket: 'ok',
  },
};

export function quirksOf(serverName: string): Quirks {
  return QUIRKS[serverName] ?? S3;
}

/** The name a listing gives back for `key` on a server, as a url-decoding client reads it. */
export function listedName(quirks: Quirks, key: string): string {
  return quirks.listUrlEncoding ? key : decodeUrlEncoded(key);
}
