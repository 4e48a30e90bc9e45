// The signer: a plan (pure, request-plan.ts) finished with the crypto of the runtime.
// One class per crypto mode so that the node:crypto path stays synchronous and allocation-light.

import type { AsyncCrypto, SyncCrypto } from './crypto.ts';
import { planChunk, planTrailer, type ChunkSigner } from './aws-chunked.ts';
import { planPostPolicy, type PostPolicyInput, type SignedPostPolicy } from './post-policy.ts';
import {
  defaultPayload,
  finishHeaders,
  finishQuery,
  payloadHashOf,
  planHeaderSignature,
  planQuerySignature,
  type SignerContext,
} from './request-plan.ts';
import { S3_SETTINGS, type SigningSettings } from './settings.ts';
import { deriveSigningKey, deriveSigningKeyAsync, SigningKeyCache } from './signing-key.ts';
import { stringToSign } from './string-to-sign.ts';
import type { Credentials, Payload, PresignedRequest, PresignOptions, SignableRequest, SignedHeaders, SignOptions } from './types.ts';

export interface SignerOptions {
  readonly credentials: Credentials;
  readonly region: string;
  /** `s3` unless signing for another service. */
  readonly service?: string;
  /** Default: {@link S3_SETTINGS}. */
  readonly settings?: SigningSettings;
}

function context(o: SignerOptions): SignerContext {
  if (typeof o.region !== 'string' || o.region === '') throw new TypeError('region is empty');
  return { credentials: o.credentials, region: o.region, service: o.service ?? 's3', settings: o.settings ?? S3_SETTINGS };
}

/** The synchronous signer (node:crypto). */
export class Signer {
  readonly #ctx: SignerContext;
  readonly #crypto: SyncCrypto;
  readonly #keys = new SigningKeyCache<Uint8Array>();
  #last: { shortDate: string; region: string; service: string; key: Uint8Array } | undefined;

  constructor(options: SignerOptions, crypto: SyncCrypto) {
    this.#ctx = context(options);
    this.#crypto = crypto;
  }

  get accessKeyId(): string {
    return this.#ctx.credentials.accessKeyId;
  }

  /** The signing key for a scope `YYYYMMDD/region/service/aws4_request`, cached. */
  signingKey(shortDate: string, region: string, service: string): Uint8Array {
    // Nearly every call is for the scope of the call before: compare three short strings
    // instead of building a cache key and hashing it.
    const last = this.#last;
    if (last !== undefined && last.shortDate === shortDate && last.region === region && last.service === service) return last.key;
    const scope = shortDate + '/' + region + '/' + service;
    let key = this.#keys.get(scope);
    if (key === undefined) {
      key = deriveSigningKey(this.#crypto, this.#ctx.credentials.secretAccessKey, shortDate, region, service);
      this.#keys.set(scope, key);
    }
    this.#last = { shortDate, region, service, key };
    return key;
  }

  #payloadHash(payload: Payload): string {
    return payloadHashOf(payload) ?? this.#crypto.sha256Hex((payload as { data: string | Uint8Array }).data);
  }

  /** Sign with an Authorization header. Returns the headers to add and every intermediate step. */
  sign(req: SignableRequest, opts: SignOptions): SignedHeaders {
    const plan = planHeaderSignature(this.#ctx, req, opts, this.#payloadHash(opts.payload ?? defaultPayload(this.#ctx)));
    const sts = stringToSign(plan.amzDate, plan.scope, this.#crypto.sha256Hex(plan.canonicalRequest));
    const signature = this.#crypto.hmacHex(this.signingKey(plan.shortDate, plan.region, plan.service), sts);
    return finishHeaders(this.#ctx, plan, sts, signature);
  }

  /** Sign into the query string (a presigned URL). */
  presign(req: SignableRequest, opts: PresignOptions): PresignedRequest {
    const plan = planQuerySignature(this.#ctx, req, opts, this.#payloadHash(opts.payload ?? defaultPayload(this.#ctx)));
    const sts = stringToSign(plan.amzDate, plan.scope, this.#crypto.sha256Hex(plan.canonicalRequest));
    const signature = this.#crypto.hmacHex(this.signingKey(plan.shortDate, plan.region, plan.service), sts);
    return finishQuery(plan, sts, signature);
  }

  /** Chunk signatures for an aws-chunked body that follows a header signature (its seed). */
  chunkSigner(seed: SignedHeaders): ChunkSigner {
    const [shortDate, region, service] = seed.credentialScope.split('/') as [string, string, string];
    const key = this.signingKey(shortDate, region, service);
    const c = this.#crypto;
    return {
      signChunk: (prev, data) => c.hmacHex(key, planChunk(seed, prev, c.sha256Hex(data))),
      signTrailer: (prev, text) => c.hmacHex(key, planTrailer(seed, prev, c.sha256Hex(text))),
    };
  }

  /** Sign a browser POST policy. */
  signPostPolicy(input: PostPolicyInput): SignedPostPolicy {
    const plan = planPostPolicy(this.#ctx, input);
    const signature = this.#crypto.hmacHex(this.signingKey(plan.shortDate, plan.region, plan.service), plan.policy);
    return plan.finish(signature);
  }
}

/** The asynchronous signer (WebCrypto), for runtimes without node:crypto. Same results. */
export class AsyncSigner {
  readonly #ctx: SignerContext;
  readonly #crypto: AsyncCrypto;
  readonly #keys = new SigningKeyCache<Promise<Uint8Array>>();

  constructor(options: SignerOptions, crypto: AsyncCrypto) {
    this.#ctx = context(options);
    this.#crypto = crypto;
  }

  get accessKeyId(): string {
    return this.#ctx.credentials.accessKeyId;
  }

  signingKey(shortDate: string, region: string, service: string): Promise<Uint8Array> {
    const scope = shortDate + '/' + region + '/' + service;
    let key = this.#keys.get(scope);
    if (key === undefined) {
      key = deriveSigningKeyAsync(this.#crypto, this.#ctx.credentials.secretAccessKey, shortDate, region, service);
      // A failed derivation is not kept: the next request tries again.
      key.catch(() => this.#keys.delete(scope));
      this.#keys.set(scope, key);
    }
    return key;
  }

  async #payloadHash(payload: Payload): Promise<string> {
    return payloadHashOf(payload) ?? this.#crypto.sha256Hex((payload as { data: string | Uint8Array }).data);
  }

  async sign(req: SignableRequest, opts: SignOptions): Promise<SignedHeaders> {
    const plan = planHeaderSignature(this.#ctx, req, opts, await this.#payloadHash(opts.payload ?? defaultPayload(this.#ctx)));
    const sts = stringToSign(plan.amzDate, plan.scope, await this.#crypto.sha256Hex(plan.canonicalRequest));
    const signature = await this.#crypto.hmacHex(await this.signingKey(plan.shortDate, plan.region, plan.service), sts);
    return finishHeaders(this.#ctx, plan, sts, signature);
  }

  async presign(req: SignableRequest, opts: PresignOptions): Promise<PresignedRequest> {
    const plan = planQuerySignature(this.#ctx, req, opts, await this.#payloadHash(opts.payload ?? defaultPayload(this.#ctx)));
    const sts = stringToSign(plan.amzDate, plan.scope, await this.#crypto.sha256Hex(plan.canonicalRequest));
    const signature = await this.#crypto.hmacHex(await this.signingKey(plan.shortDate, plan.region, plan.service), sts);
    return finishQuery(plan, sts, signature);
  }

  chunkSigner(seed: SignedHeaders): ChunkSigner<Promise<string>> {
    const [shortDate, region, service] = seed.credentialScope.split('/') as [string, string, string];
    const key = this.signingKey(shortDate, region, service);
    const c = this.#crypto;
    return {
      signChunk: async (prev, data) => c.hmacHex(await key, planChunk(seed, prev, await c.sha256Hex(data))),
      signTrailer: async (prev, text) => c.hmacHex(await key, planTrailer(seed, prev, await c.sha256Hex(text))),
    };
  }

  async signPostPolicy(input: PostPolicyInput): Promise<SignedPostPolicy> {
    const plan = planPostPolicy(this.#ctx, input);
    const signature = await this.#crypto.hmacHex(await this.signingKey(plan.shortDate, plan.region, plan.service), plan.policy);
    return plan.finish(signature);
  }
}
