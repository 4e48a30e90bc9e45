// The signer: a plan (pure, request-plan.ts) finished with the crypto of the runtime.
// One class per crypto mode so that the node:crypto path stays synchronous and allocation-light;
// what does not depend on the mode (options, credentials, the key cache) is their common base.
// Chunk signatures and POST policies are free functions over a signer (its `crypto` and cached
// `signingKey`), in their own entries: s3wire/sigv4/aws-chunked and s3wire/sigv4/post-policy.

import type { AsyncCrypto, SyncCrypto } from './crypto.ts';
import { finishHeaders, finishQuery, payloadHashOf, planHeaderSignature, planQuerySignature, type HeaderPlan, type QueryPlan } from './request-plan.ts';
import { S3_SETTINGS, type SigningSettings } from './settings.ts';
import { deriveSigningKey, deriveSigningKeyAsync, MAX_CACHED_KEYS } from './signing-key.ts';
import { credentialScope, stringToSign, toAmzDate } from './string-to-sign.ts';
import type { Credentials, Payload, PresignedRequest, PresignOptions, SignableRequest, SignedHeaders, SignOptions } from './types.ts';

export interface SignerOptions {
  readonly credentials: Credentials;
  readonly region: string;
  /** `s3` unless signing for another service. */
  readonly service?: string;
  /** Default: {@link S3_SETTINGS}. */
  readonly settings?: SigningSettings;
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(name + ' is empty');
  return value;
}

/** Options, credentials and signing keys; `K` is a key (sync) or a promise of one (async). */
abstract class SignerBase<C extends SyncCrypto | AsyncCrypto, K extends Uint8Array | Promise<Uint8Array>> {
  /** The primitives this signer hashes with. */
  readonly crypto: C;
  /** The default region and service of the signing scope. */
  readonly region: string;
  readonly service: string;
  readonly settings: SigningSettings;
  // Private, so that neither inspecting nor serializing a signer shows the secret.
  readonly #credentials: Credentials;
  readonly #keys = new Map<string, K>();

  constructor(options: SignerOptions, crypto: C) {
    const c = options.credentials;
    nonEmpty(c?.accessKeyId, 'credentials.accessKeyId');
    nonEmpty(c.secretAccessKey, 'credentials.secretAccessKey');
    this.#credentials = c;
    this.region = nonEmpty(options.region, 'region');
    this.service = options.service ?? 's3';
    this.settings = options.settings ?? S3_SETTINGS;
    this.crypto = crypto;
  }

  get accessKeyId(): string {
    return this.#credentials.accessKeyId;
  }

  get sessionToken(): string | undefined {
    return this.#credentials.sessionToken;
  }

  /** The signing key for a scope `YYYYMMDD/region/service/aws4_request`, cached. */
  signingKey(shortDate: string, region: string, service: string): K {
    return this.keyFor(credentialScope(shortDate, region, service));
  }

  /** The signing key for a credential scope, cached by the scope (never by the secret). */
  protected keyFor(scope: string): K {
    const keys = this.#keys;
    let key = keys.get(scope);
    if (key === undefined) {
      const [shortDate, region, service] = scope.split('/') as [string, string, string];
      const secret = this.#credentials.secretAccessKey;
      const c = this.crypto;
      if (c.mode === 'sync') {
        key = deriveSigningKey(c, secret, shortDate, region, service) as K;
      } else {
        key = deriveSigningKeyAsync(c, secret, shortDate, region, service) as K;
        // A failed derivation is not kept: the next request tries again.
        (key as Promise<Uint8Array>).catch(() => keys.delete(scope));
      }
      if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value!);
      keys.set(scope, key);
    }
    return key;
  }
}

// The last second formatted (x-amz-date has no milliseconds): at thousands of requests a second
// nearly every signature reuses it. On Node, toISOString and its regex are ~2 us a signature.
// The sync Signer's alone: the AsyncSigner awaits WebCrypto for each signature, which dwarfs it,
// and formats its date each time (the web entry stays as small). An invalid Date (NaN) never
// matches, so toAmzDate throws for it every time.
let lastSecond = NaN;
let lastAmzDate = '';
function amzDateBySecond(date: Date): string {
  const second = Math.floor(+date / 1000);
  if (second !== lastSecond) {
    lastAmzDate = toAmzDate(date);
    lastSecond = second;
  }
  return lastAmzDate;
}

/** The synchronous signer (node:crypto). */
export class Signer extends SignerBase<SyncCrypto, Uint8Array> {
  #last: { scope: string; key: Uint8Array } | undefined;

  // Nearly every call is for the scope of the call before: one string comparison, no cache lookup.
  protected override keyFor(scope: string): Uint8Array {
    const last = this.#last;
    if (last !== undefined && last.scope === scope) return last.key;
    const key = super.keyFor(scope);
    this.#last = { scope, key };
    return key;
  }

  #signature(plan: HeaderPlan | QueryPlan): string {
    plan.stringToSign = stringToSign(plan.amzDate, plan.credentialScope, this.crypto.sha256Hex(plan.canonicalRequest));
    return this.crypto.hmacHex(this.keyFor(plan.credentialScope), plan.stringToSign);
  }

  #payloadHash(payload: Payload | undefined): string {
    return payloadHashOf(this, payload) ?? this.crypto.sha256Hex((payload as { data: string | Uint8Array }).data);
  }

  /** Sign with an Authorization header. Returns the headers to add and every intermediate step. */
  sign(req: SignableRequest, opts: SignOptions): SignedHeaders {
    const plan = planHeaderSignature(this, req, opts, this.#payloadHash(opts.payload), amzDateBySecond(opts.date));
    return finishHeaders(this, plan, this.#signature(plan));
  }

  /** Sign into the query string (a presigned URL). */
  presign(req: SignableRequest, opts: PresignOptions): PresignedRequest {
    const plan = planQuerySignature(this, req, opts, this.#payloadHash(opts.payload), amzDateBySecond(opts.date));
    return finishQuery(plan, this.#signature(plan));
  }
}

/** The asynchronous signer (WebCrypto), for runtimes without node:crypto. Same results. */
export class AsyncSigner extends SignerBase<AsyncCrypto, Promise<Uint8Array>> {
  async #signature(plan: HeaderPlan | QueryPlan): Promise<string> {
    plan.stringToSign = stringToSign(plan.amzDate, plan.credentialScope, await this.crypto.sha256Hex(plan.canonicalRequest));
    return this.crypto.hmacHex(await this.keyFor(plan.credentialScope), plan.stringToSign);
  }

  async #payloadHash(payload: Payload | undefined): Promise<string> {
    return payloadHashOf(this, payload) ?? this.crypto.sha256Hex((payload as { data: string | Uint8Array }).data);
  }

  async sign(req: SignableRequest, opts: SignOptions): Promise<SignedHeaders> {
    const plan = planHeaderSignature(this, req, opts, await this.#payloadHash(opts.payload), toAmzDate(opts.date));
    return finishHeaders(this, plan, await this.#signature(plan));
  }

  async presign(req: SignableRequest, opts: PresignOptions): Promise<PresignedRequest> {
    const plan = planQuerySignature(this, req, opts, await this.#payloadHash(opts.payload), toAmzDate(opts.date));
    return finishQuery(plan, await this.#signature(plan));
  }
}
