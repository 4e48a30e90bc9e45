// Client configuration: endpoint, region, credentials (given or from the standard AWS_* variables).
import { ArgumentError } from './errors.ts';
import type { Credentials } from './sigv4/types.ts';

export interface S3ClientConfig {
  /** `http://127.0.0.1:9000`. Default: AWS (`https://s3.<region>.amazonaws.com`). */
  readonly endpoint?: string;
  /** Any name; S3-compatible servers such as RustFS accept any. Default: AWS_REGION, else us-east-1. */
  readonly region?: string;
  /** Default: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. */
  readonly credentials?: Credentials;
  /**
   * `path` (`http://host/bucket/key`, what RustFS and MinIO want) or `virtual-hosted`
   * (`http://bucket.host/key`). Default: path for a custom endpoint, virtual-hosted for AWS.
   */
  readonly addressing?: 'path' | 'virtual-hosted';
  /** Attempts for a request that failed in a retryable way (default 3; 1 = no retries). */
  readonly maxAttempts?: number;
  /**
   * Sign in-memory bodies with their SHA-256. Default: true for an http endpoint, false for https,
   * where TLS already keeps the bytes whole and they go with UNSIGNED-PAYLOAD (as boto3, the Java
   * and the Go SDKs send them): no pass over each body to hash it, on the client or the server.
   * Streams are always sent with UNSIGNED-PAYLOAD or aws-chunked.
   */
  readonly signPayload?: boolean;
  /**
   * Sign stream bodies chunk by chunk (aws-chunked, STREAMING-AWS4-HMAC-SHA256-PAYLOAD) instead
   * of sending them with UNSIGNED-PAYLOAD. Default false.
   */
  readonly streamingSignature?: boolean;
  /** The clock, for signing. */
  readonly now?: () => Date;
}

export interface ResolvedConfig {
  readonly origin: string;
  readonly protocol: 'http:' | 'https:';
  readonly host: string;
  readonly basePath: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly addressing: 'path' | 'virtual-hosted';
  readonly maxAttempts: number;
  readonly signPayload: boolean;
  readonly streamingSignature: boolean;
  readonly now: () => Date;
}

function env(name: string): string | undefined {
  // Edge runtimes have no process: env simply is not there.
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = p?.env?.[name];
  return v === '' ? undefined : v;
}

export function resolveConfig(c: S3ClientConfig): ResolvedConfig {
  const region = c.region ?? env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-east-1';
  if (typeof region !== 'string' || !/^[a-z0-9-]{1,64}$/i.test(region)) throw new ArgumentError('InvalidRegion', `invalid region ${JSON.stringify(region)}`);
  const endpoint = c.endpoint ?? `https://s3.${region}.amazonaws.com`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ArgumentError('InvalidEndpoint', `endpoint ${JSON.stringify(endpoint)} is not a URL (expected e.g. http://127.0.0.1:9000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ArgumentError('InvalidEndpoint', `endpoint must be http or https, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password) throw new ArgumentError('InvalidEndpoint', 'endpoint must not carry a query, fragment or user info');
  const credentials =
    c.credentials ??
    (env('AWS_ACCESS_KEY_ID') && env('AWS_SECRET_ACCESS_KEY')
      ? { accessKeyId: env('AWS_ACCESS_KEY_ID')!, secretAccessKey: env('AWS_SECRET_ACCESS_KEY')!, sessionToken: env('AWS_SESSION_TOKEN') }
      : undefined);
  if (!credentials) throw new ArgumentError('MissingCredentials', 'no credentials: pass { credentials } or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  if (typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId === '') throw new ArgumentError('MissingCredentials', 'credentials.accessKeyId is empty');
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') throw new ArgumentError('MissingCredentials', 'credentials.secretAccessKey is empty');
  const maxAttempts = c.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) throw new ArgumentError('InvalidArgument', 'maxAttempts must be 1..20');
  return {
    origin: url.origin,
    protocol: url.protocol,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    region,
    credentials,
    addressing: c.addressing ?? (c.endpoint ? 'path' : 'virtual-hosted'),
    maxAttempts,
    signPayload: c.signPayload ?? url.protocol === 'http:',
    streamingSignature: c.streamingSignature ?? false,
    now: c.now ?? (() => new Date()),
  };
}
