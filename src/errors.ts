// One base class with a stable string `code`; one subclass per phase that failed.
// Messages never carry a secret, a signature or a session token.

const BRAND = Symbol.for('s3wire.error');

export class S3WireError extends Error {
  /** A stable name for the failure, to branch on (`InvalidBucketName`, `NoSuchKey`, `ECONNREFUSED`...). */
  readonly code: string;
  readonly [BRAND] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input, found before any network I/O. */
export class ArgumentError extends S3WireError {
  override name = 'ArgumentError';
}

/** The server could not be reached, or the connection broke (boto3's EndpointConnectionError). */
export class NetworkError extends S3WireError {
  override name = 'NetworkError';
  constructor(
    code: string,
    message: string,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** No answer in time. */
export class TimeoutError extends S3WireError {
  override name = 'TimeoutError';
}

/** The caller's AbortSignal fired. */
export class AbortError extends S3WireError {
  override name = 'AbortError';
}

/** The response did not match what was asked for (short body, changed object, bad XML). */
export class IntegrityError extends S3WireError {
  override name = 'IntegrityError';
}

export interface ServiceErrorDetails {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
}

// What the usual failures mean, said once (the guide's troubleshooting table).
const HINTS: Record<string, string> = {
  SignatureDoesNotMatch:
    'the server computed a different signature: check the secret key, the machine clock, and that no proxy rewrites the request',
  AccessDenied: 'check the access key, the secret key and the bucket policy',
  InvalidAccessKeyId: 'the server does not know this access key',
  // s3s (and so RustFS) says this for an unknown access key.
  NotSignedUp: 'the server does not know this access key',
  InvalidToken: 'the session token is malformed or expired',
  InvalidTokenId: 'the session token is malformed or expired',
  PermanentRedirect: 'the bucket must be addressed another way: try path-style addressing, or the region the server names',
  RequestTimeTooSkewed: "the machine's clock differs too much from the server's",
  NoSuchBucket: 'the bucket does not exist',
  // A HEAD carries no body, so a missing bucket can read as NoSuchKey there.
  NoSuchKey: 'the object (or its bucket) does not exist',
};

/** The server answered with an error. */
export class ServiceError extends S3WireError {
  override name = 'ServiceError';
  readonly status: number;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly region: string | undefined;
  readonly endpoint: string | undefined;
  /** The server's own message. */
  readonly serverMessage: string;

  constructor(d: ServiceErrorDetails) {
    const where = d.bucket ? ` (bucket ${JSON.stringify(d.bucket)}${d.key !== undefined ? `, key ${JSON.stringify(d.key)}` : ''})` : '';
    const hint = HINTS[d.code] ?? (d.status === 301 ? HINTS.PermanentRedirect : undefined);
    super(d.code, `${d.code}: ${d.message || `HTTP ${d.status}`}${where}${hint ? `; ${hint}` : ''}`);
    this.status = d.status;
    this.serverMessage = d.message;
    this.requestId = d.requestId;
    this.hostId = d.hostId;
    this.bucket = d.bucket;
    this.key = d.key;
    this.region = d.region;
    this.endpoint = d.endpoint;
  }
}

/** True for any s3wire error, also across realms (a brand, not instanceof). */
export function isS3WireError(e: unknown): e is S3WireError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

export function isServiceError(e: unknown, code?: string): e is ServiceError {
  return isS3WireError(e) && typeof (e as ServiceError).status === 'number' && (code === undefined || e.code === code);
}
