// The pure part of signing a request: everything up to (but not including) the hashes and HMACs.
// Both signers (sync node:crypto, async WebCrypto) run these plans, so they cannot disagree.
// A plan is the result itself, its string to sign and signature still empty: the signer fills
// them in (finishHeaders, finishQuery), so nothing is copied from a plan into a result.

import {
  addHeaderEntries,
  canonicalHeadersOf,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  encodeQuery,
  joinQuery,
  trimAll,
  type CanonicalHeaders,
  type HeaderEntry,
} from './canonical-request.ts';
import {
  ALGORITHM,
  AMZ_CONTENT_SHA256,
  AMZ_DATE,
  AMZ_SECURITY_TOKEN,
  AUTHORIZATION,
  EMPTY_SHA256,
  KEY_TYPE,
  MAX_EXPIRES,
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  STREAMING_PAYLOAD,
  STREAMING_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  UNSIGNED_PAYLOAD,
} from './constants.ts';
import type { SigningSettings } from './settings.ts';
import { credentialScope } from './string-to-sign.ts';
import type { Payload, PresignedRequest, PresignOptions, SignableRequest, SignedHeaders, SignOptions } from './types.ts';
import { uriEncode } from './uri-encode.ts';

/** What a plan takes from the signer: everything but the secret (the signers fit it). */
export interface SignerContext {
  readonly accessKeyId: string;
  readonly sessionToken: string | undefined;
  readonly region: string;
  readonly service: string;
  readonly settings: SigningSettings;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
export type HeaderPlan = Writable<SignedHeaders>;
export type QueryPlan = Writable<PresignedRequest>;

/** The payload hash, or `null` when the bytes must be hashed first. No payload: the settings' default. */
export function payloadHashOf(ctx: SignerContext, payload: Payload | undefined): string | null {
  switch (payload?.kind) {
    case undefined:
      return ctx.settings.presignPayload === 'unsigned' ? UNSIGNED_PAYLOAD : EMPTY_SHA256;
    case 'unsigned':
      return UNSIGNED_PAYLOAD;
    case 'sha256':
      return payload.hex;
    case 'bytes':
      return payload.data.length === 0 ? EMPTY_SHA256 : null;
    case 'streaming':
      return payload.trailer ? STREAMING_PAYLOAD_TRAILER : STREAMING_PAYLOAD;
    case 'streaming-unsigned-trailer':
      return STREAMING_UNSIGNED_PAYLOAD_TRAILER;
  }
}

/** The request's signable headers as entries, with host added when missing. */
function headerEntries(req: SignableRequest): HeaderEntry[] {
  const entries: HeaderEntry[] = [];
  const hasHost = req.headers !== undefined && addHeaderEntries(entries, req.headers, OWN_HEADERS);
  if (!hasHost) {
    if (!req.host) throw new TypeError('the request has no host');
    entries.push(['host', req.host]);
  }
  return entries;
}

const OWN_HEADERS: ReadonlySet<string> = new Set([AUTHORIZATION, AMZ_DATE, AMZ_CONTENT_SHA256, AMZ_SECURITY_TOKEN]);

function canonicalRequestOf(ctx: SignerContext, req: SignableRequest, query: string, headers: CanonicalHeaders, payloadHash: string): string {
  return canonicalRequest(req.method.toUpperCase(), canonicalUri(req.path, ctx.settings), query, headers, payloadHash);
}

/** Plan a signature carried in the Authorization header. */
export function planHeaderSignature(ctx: SignerContext, req: SignableRequest, opts: SignOptions, payloadHash: string, amzDate: string): HeaderPlan {
  const entries = headerEntries(req);
  // authorization first, filled in by finishHeaders.
  const headers: Record<string, string> = { authorization: '', 'x-amz-date': amzDate };
  entries.push([AMZ_DATE, amzDate]);
  if (ctx.settings.contentSha256Header || payloadHash === UNSIGNED_PAYLOAD || payloadHash.startsWith('STREAMING-')) {
    headers[AMZ_CONTENT_SHA256] = payloadHash;
    entries.push([AMZ_CONTENT_SHA256, payloadHash]);
  }
  const token = ctx.sessionToken;
  if (token) {
    headers[AMZ_SECURITY_TOKEN] = token;
    // omitSessionToken: sent, not signed.
    if (!opts.omitSessionToken) entries.push([AMZ_SECURITY_TOKEN, trimAll(token)]);
  }
  const ch = canonicalHeadersOf(entries);
  // Written out with every field, not built up by spreads: a spread followed by more properties
  // is V8's slow path, which cost ~3 us per signature (bench/README.md). Same in the query plan.
  return {
    headers,
    payloadHash,
    amzDate,
    credentialScope: credentialScope(amzDate.slice(0, 8), opts.region ?? ctx.region, opts.service ?? ctx.service),
    canonicalRequest: canonicalRequestOf(ctx, req, canonicalQueryString(req.query), ch, payloadHash),
    stringToSign: '',
    signedHeaders: ch.signedHeaders,
    signature: '',
  };
}

export function authorizationHeader(accessKeyId: string, scope: string, signedHeaders: string, signature: string): string {
  return ALGORITHM + ' Credential=' + accessKeyId + '/' + scope + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;
}

export function finishHeaders(ctx: SignerContext, plan: HeaderPlan, signature: string): SignedHeaders {
  plan.signature = signature;
  plan.headers[AUTHORIZATION] = authorizationHeader(ctx.accessKeyId, plan.credentialScope, plan.signedHeaders, signature);
  return plan;
}

export function validateExpires(expiresIn: number): void {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
    throw new RangeError('expiresIn must be whole seconds from 1 to ' + MAX_EXPIRES + ', got ' + expiresIn);
  }
}

/** Plan a presigned URL: the signature travels in the query string. */
export function planQuerySignature(ctx: SignerContext, req: SignableRequest, opts: PresignOptions, payloadHash: string, amzDate: string): QueryPlan {
  validateExpires(opts.expiresIn);
  const shortDate = amzDate.slice(0, 8);
  const region = opts.region ?? ctx.region;
  const service = opts.service ?? ctx.service;
  const ch = canonicalHeadersOf(headerEntries(req));
  const token = ctx.sessionToken;
  // The X-Amz-* parameters are built in canonical (byte) order: without parameters of its own,
  // the request needs no sort. The credential is encoded piece by piece: each piece usually needs
  // no encoding, so no copy.
  const own: Array<[string, string]> = [
    [Q_ALGORITHM, ALGORITHM],
    [Q_CREDENTIAL, uriEncode(ctx.accessKeyId) + '%2F' + shortDate + '%2F' + uriEncode(region) + '%2F' + uriEncode(service) + '%2F' + KEY_TYPE],
    [Q_DATE, amzDate],
    [Q_EXPIRES, String(opts.expiresIn)],
  ];
  if (token && !opts.omitSessionToken) own.push([Q_SECURITY_TOKEN, uriEncode(token)]);
  own.push([Q_SIGNED_HEADERS, uriEncode(ch.signedHeaders)]);
  const query = joinQuery(encodeQuery(req.query, own));
  return {
    // omitSessionToken: sent, not signed.
    queryString: token && opts.omitSessionToken ? query + '&' + Q_SECURITY_TOKEN + '=' + uriEncode(token) : query,
    amzDate,
    credentialScope: credentialScope(shortDate, region, service),
    canonicalRequest: canonicalRequestOf(ctx, req, query, ch, payloadHash),
    stringToSign: '',
    signedHeaders: ch.signedHeaders,
    signature: '',
  };
}

export function finishQuery(plan: QueryPlan, signature: string): PresignedRequest {
  plan.signature = signature;
  plan.queryString += '&' + Q_SIGNATURE + '=' + signature;
  return plan;
}
