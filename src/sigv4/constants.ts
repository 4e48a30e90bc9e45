// Wire constants of AWS Signature Version 4, named once. The entry s3wire/sigv4/constants.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const KEY_TYPE = 'aws4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
export const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const CHUNK_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
export const TRAILER_ALGORITHM = 'AWS4-HMAC-SHA256-TRAILER';

export const AMZ_DATE = 'x-amz-date';
export const AMZ_CONTENT_SHA256 = 'x-amz-content-sha256';
export const AMZ_SECURITY_TOKEN = 'x-amz-security-token';
export const AUTHORIZATION = 'authorization';

export const Q_ALGORITHM = 'X-Amz-Algorithm';
export const Q_CREDENTIAL = 'X-Amz-Credential';
export const Q_DATE = 'X-Amz-Date';
export const Q_EXPIRES = 'X-Amz-Expires';
export const Q_SIGNED_HEADERS = 'X-Amz-SignedHeaders';
export const Q_SECURITY_TOKEN = 'X-Amz-Security-Token';
export const Q_SIGNATURE = 'X-Amz-Signature';

/** Presigned URLs live at most seven days. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html */
export const MAX_EXPIRES = 604_800;

/**
 * Headers never signed: hop-by-hop or rewritten by proxies and clients. @smithy/signature-v4's
 * list; unlike smithy we do sign `date`, `proxy-*` and `sec-*` when given (S3 checks what is signed).
 */
export const UNSIGNABLE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);
