// The one path every request takes: address -> sign -> send -> retry -> map errors.
import { AbortError, ArgumentError, ServiceError, S3WireError, isS3WireError } from './errors.ts';
import type { HashFactory } from './checksum/checksum.ts';
import type { ResolvedConfig } from './config.ts';
import type { HttpResponse, RequestBody, Transport } from './http/types.ts';
import type { S3Request } from './ops/types.ts';
import type { AsyncSigner, Signer } from './sigv4/signer.ts';
import type { Payload, SignedHeaders } from './sigv4/types.ts';
import { uriEncode, uriEncodePath } from './sigv4/uri-encode.ts';
import { parseError } from './xml/error.ts';
import { loadXmlParser } from './xml/parser.ts';

export interface SendOptions {
  readonly signal?: AbortSignal | undefined;
}

export interface Address {
  readonly host: string;
  readonly origin: string;
  /** Encoded path, without the query. */
  readonly path: string;
}

/** Where a bucket/key lives: path-style `/bucket/key` or virtual-hosted `bucket.host/key`. */
export function addressOf(config: ResolvedConfig, bucket?: string, key?: string): Address {
  const keyPath = key === undefined ? '' : '/' + uriEncodePath(key);
  if (bucket === undefined) return { host: config.host, origin: config.origin, path: config.basePath + '/' };
  if (config.addressing === 'virtual-hosted' && !bucket.includes('.')) {
    const host = bucket + '.' + config.host;
    return { host, origin: config.protocol + '//' + host, path: config.basePath + (keyPath || '/') };
  }
  return { host: config.host, origin: config.origin, path: config.basePath + '/' + bucket + (keyPath || (key === undefined ? '' : '/')) };
}

/** `a=b&c` with the encoding the signer uses, so the wire and the signature agree. */
export function encodeQueryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  let out = '';
  for (const k in query) {
    const v = query[k];
    if (v === undefined) continue;
    out += (out ? '&' : '') + uriEncode(k) + '=' + uriEncode(v);
  }
  return out;
}

/** What a request stopped by `signal` throws: its reason if that is ours, else an AbortError. */
export function abortError(signal: AbortSignal): S3WireError {
  return signal.reason instanceof S3WireError ? signal.reason : new AbortError('ABORTED', 'the request was aborted', { cause: signal.reason });
}

export function isReplayable(body: RequestBody | undefined): body is string | Uint8Array | undefined {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

/** A body sent otherwise than as its bytes (aws-chunked), and how it is signed. */
export interface EncodedBody {
  readonly payload: Payload;
  /** The wire body for one attempt, given that attempt's header signature (the chunk seed). */
  wire(signed: SignedHeaders): RequestBody;
}

/**
 * Additional checksums and aws-chunked bodies (send-chunked.ts), plugged in by S3Client so that
 * S3Core bundles without them. Adds its headers; returns undefined when the body goes as it is.
 */
export type BodyEncoder = (req: S3Request, body: RequestBody, headers: Record<string, string>, pipeline: RequestPipeline) => Promise<EncodedBody | undefined>;

const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'RequestTimeTooSkewed']);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function retryable(e: unknown): boolean {
  if (!isS3WireError(e)) return false;
  if (e instanceof ServiceError) return e.status >= 500 || RETRYABLE_CODES.has(e.code);
  return RETRYABLE_NETWORK.has(e.code);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Read an error response into a ServiceError. HEAD responses have no body: the status says it. */
async function serviceError(req: S3Request, res: HttpResponse, address: Address): Promise<ServiceError> {
  let text = '';
  if (req.method !== 'HEAD') text = await res.body.text().catch(() => '');
  else await res.body.discard();
  const parsed = text ? parseError(text) : undefined;
  const byStatus: Record<number, string> = {
    301: 'PermanentRedirect',
    304: 'NotModified',
    400: 'BadRequest',
    403: 'AccessDenied',
    404: req.key === undefined ? 'NoSuchBucket' : 'NoSuchKey',
    412: 'PreconditionFailed',
  };
  return new ServiceError({
    status: res.status,
    // A HEAD error has no body; MinIO still names the code in a header (NoSuchBucket vs NoSuchKey).
    code: parsed?.code || res.headers['x-minio-error-code'] || byStatus[res.status] || `HTTP${res.status}`,
    message: parsed?.message ?? '',
    requestId: parsed?.requestId ?? res.headers['x-amz-request-id'],
    hostId: parsed?.hostId ?? res.headers['x-amz-id-2'],
    bucket: req.bucket,
    key: req.key,
    region: res.headers['x-amz-bucket-region'],
    endpoint: address.origin,
  });
}

export class RequestPipeline {
  constructor(
    readonly config: ResolvedConfig,
    readonly signer: Signer | AsyncSigner,
    readonly transport: Transport,
    /** SHA-1/SHA-256 for checksums (node:crypto); CRCs need nothing. */
    readonly hash?: HashFactory,
    readonly encodeBody?: BodyEncoder,
  ) {}

  async send(req: S3Request, opts: SendOptions = {}): Promise<HttpResponse> {
    // Loads alongside the first request that has XML to parse; a settled promise afterwards. A
    // request without (noXml) leaves it alone until an error answer needs it: loading it beside a
    // first large GET cost that GET ~7% (bench/ab-first-get.ts).
    const xmlReady = req.noXml ? undefined : loadXmlParser();
    // Not awaited on every path: a failed load is reported where a parse needs it.
    xmlReady?.catch(() => undefined);
    const address = addressOf(this.config, req.bucket, req.key);
    const qs = encodeQueryString(req.query);
    const headers: Record<string, string> = { host: address.host };
    if (req.headers) for (const k in req.headers) if (req.headers[k] !== undefined) headers[k.toLowerCase()] = req.headers[k]!;
    const body = req.body;
    if (body !== undefined && !isReplayable(body) && req.contentLength !== undefined) headers['content-length'] = String(req.contentLength);
    let payload: Payload;
    if (req.contentSha256) payload = { kind: 'sha256', hex: req.contentSha256 };
    else if (body === undefined) payload = { kind: 'bytes', data: '' };
    else if (isReplayable(body) && this.config.signPayload) payload = { kind: 'bytes', data: body };
    else payload = { kind: 'unsigned' };

    let encoded: EncodedBody | undefined;
    if (body !== undefined && (req.checksumAlgorithm || ((req.streamingSignature ?? this.config.streamingSignature) && !isReplayable(body)))) {
      if (!this.encodeBody) throw new ArgumentError('NotSupported', 'checksums and aws-chunked signing are in S3Client, not S3Core');
      encoded = await this.encodeBody(req, body, headers, this);
      if (encoded) payload = encoded.payload;
    }

    const attempts = isReplayable(body) ? this.config.maxAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      try {
        const signed = await this.signer.sign(
          { method: req.method, path: address.path, query: req.query, headers },
          { date: this.config.now(), payload },
        );
        // Two loops, not `{ ...a, ...b }`: V8 11 takes a slow path for spreads, ~2 us per request.
        const wire: Record<string, string> = {};
        for (const k in headers) wire[k] = headers[k]!;
        for (const k in signed.headers) wire[k] = signed.headers[k]!;
        const res = await this.transport.send({
          method: req.method,
          origin: address.origin,
          path: qs ? address.path + '?' + qs : address.path,
          headers: wire,
          body: encoded ? encoded.wire(signed) : body,
          signal: opts.signal,
        });
        const ok = res.status >= 200 && res.status < 300 ? true : (req.okStatus?.includes(res.status) ?? false);
        if (ok && req.noXml) return res;
        await (xmlReady ?? loadXmlParser());
        if (ok) return res;
        throw await serviceError(req, res, address);
      } catch (e) {
        if (attempt >= attempts || !retryable(e) || opts.signal?.aborted) throw e;
        await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2), opts.signal);
      }
    }
  }
}
