// The small client: configuration, the request pipeline and presigning, and no operation of its
// own. The operations are free functions in src/ops (`putObject(s3, input)`), so a bundler ships
// only those an app calls; S3Client (client.ts) is this plus every operation as a method, managed
// transfers, additional checksums and aws-chunked signing.
import { ArgumentError } from './errors.ts';
import { resolveConfig, type ResolvedConfig, type S3ClientConfig } from './config.ts';
import type { HashFactory } from './checksum/checksum.ts';
import type { Transport } from './http/types.ts';
import type { PresignBase, PresignedUrl } from './ops/presign.ts';
import type { S3Request, S3Response } from './ops/types.ts';
import { addressOf, RequestPipeline, type BodyEncoder, type SendOptions } from './send.ts';
import type { AsyncSigner, Signer, SignerOptions } from './sigv4/signer.ts';

/** What differs between runtimes: crypto and transport. Chosen by the entry point, never sniffed. */
export interface Runtime {
  createSigner(options: SignerOptions): Signer | AsyncSigner;
  createTransport(): Transport;
  /** MD5 (Content-MD5 for DeleteObjects, part ETags when resuming). */
  md5(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Incremental SHA-1/SHA-256 for the SHA checksums; without it only the CRC checksums work. */
  readonly hash?: HashFactory;
}

export interface ClientOptions extends S3ClientConfig {
  /** Replace the transport (a fetch with a proxy, a test double, ...). */
  readonly transport?: Transport;
}

export class S3CoreBase {
  readonly config: ResolvedConfig;
  /** @internal The runtime the entry point chose (md5 for DeleteObjects, hashes for checksums). */
  readonly runtime: Runtime;
  readonly #pipeline: RequestPipeline;

  /** `encodeBody`: checksums and aws-chunked bodies; S3Client passes it, S3Core leaves it out. */
  constructor(options: ClientOptions, runtime: Runtime, encodeBody?: BodyEncoder) {
    this.config = resolveConfig(options);
    if (this.config.streamingSignature && !encodeBody) {
      throw new ArgumentError('NotSupported', 'streamingSignature (aws-chunked signing) is in S3Client, not S3Core');
    }
    this.runtime = runtime;
    const signer = runtime.createSigner({ credentials: this.config.credentials, region: this.config.region, service: 's3' });
    this.#pipeline = new RequestPipeline(this.config, signer, options.transport ?? runtime.createTransport(), runtime.hash, encodeBody);
  }

  /**
   * Send one request built by an operation of src/ops (the low level every operation uses):
   * signed, retried when replayable, a non-2xx answer thrown as a ServiceError.
   */
  send(req: S3Request, opts?: SendOptions): Promise<S3Response> {
    return this.#pipeline.send(req, opts);
  }

  /** A presigned URL for a request built by an operation of src/ops. */
  async presign(req: S3Request, input: PresignBase): Promise<PresignedUrl> {
    const address = addressOf(this.config, req.bucket, req.key);
    const headers: Record<string, string> = {};
    for (const k in req.headers) if (req.headers[k] !== undefined) headers[k] = req.headers[k]!;
    const date = input.date ?? this.config.now();
    const expiresIn = input.expiresIn ?? 3600;
    const signed = await this.#pipeline.signer.presign(
      { method: req.method, host: address.host, path: address.path, query: req.query, headers },
      { date, expiresIn },
    );
    return {
      url: address.origin + address.path + '?' + signed.queryString,
      method: req.method as 'GET' | 'PUT',
      headers,
      expiresAt: new Date(date.getTime() + expiresIn * 1000),
    };
  }

  /**
   * Close idle connections now, and busy ones as their answers are read (lets a script exit at
   * once). A response body handed out and never read is given up: its reads fail with AbortError
   * CLIENT_CLOSED. (With fetchTransport() the connections are the runtime's fetch's: nothing to close.)
   */
  close(): Promise<void> {
    return this.#pipeline.transport.close();
  }

  /** What `JSON.stringify(client)` shows: the configuration without the secret key or session token. */
  toJSON(): Record<string, unknown> {
    const { credentials, now: _now, ...rest } = this.config;
    const redacted = { accessKeyId: credentials.accessKeyId, secretAccessKey: '[redacted]', ...(credentials.sessionToken ? { sessionToken: '[redacted]' } : {}) };
    return { ...rest, credentials: redacted };
  }

  /** `console.log(client)` must not print the secret key (the config holds it). */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: (v: unknown, o: object) => string): string {
    return `${this.constructor.name} ${inspect({ config: this.toJSON() }, options)}`;
  }
}
