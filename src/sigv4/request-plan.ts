// The pure part of signing a request: everything up to (but not including) the hashes and HMACs.
// Both signers (sync node:crypto, async WebCrypto) run these plans, so they cannot disagree.

import {
  addHeaderEntries,
  canonicalHeadersOf,
  canonicalQueryString,
  trimAll,
  canonicalRequest,
  canonicalUri,
  encodeQuery,
  joinQuery,
  type HeaderEntry,
} from './canonical-request.ts';
import {
  ALGORITHM,
  KEY_TYPE,
  AMZ_CONTENT_SHA256,
  AMZ_DATE,
  AMZ_SECURITY_TOKEN,
  AUTHORIZATION,
  EMPTY_SHA256,
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
import { credentialScope, toAmzDate } from './string-to-sign.ts';
import type { Credentials, Payload, PresignOptions, SignableRequest, SignOptions } from './types.ts';
import { uriEncode } from './uri-encode.ts';

export interface SignerContext {
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  readonly settings: SigningSettings;
}

export interface Plan {
  readonly amzDate: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
  readonly scope: string;
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
}

export interface HeaderPlan extends Plan {
  readonly payloadHash: string;
  /** Headers to add besides authorization. */
  readonly headers: Record<string, string>;
  /** The session token, when it is added after signing. */
  readonly lateToken: string | undefined;
}

export interface QueryPlan extends Plan {
  /** The encoded query without the signature. */
  readonly query: string;
}

/** The payload hash, or `null` when the bytes must be hashed first. */
export function payloadHashOf(payload: Payload): string | null {
  switch (payload.kind) {
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

export function defaultPayload(ctx: SignerContext): Payload {
  return ctx.settings.presignPayload === 'unsigned' ? { kind: 'unsigned' } : { kind: 'sha256', hex: EMPTY_SHA256 };
}

function validateCredentials(c: Credentials): void {
  if (typeof c.accessKeyId !== 'string' || c.accessKeyId === '') throw new TypeError('credentials.accessKeyId is empty');
  if (typeof c.secretAccessKey !== 'string' || c.secretAccessKey === '') throw new TypeError('credentials.secretAccessKey is empty');
}

// The last date formatted: a client signing many requests per second reuses it.
let lastTime = NaN;
let lastAmzDate = '';

function scopeOf(ctx: SignerContext, opts: SignOptions) {
  const t = opts.date.getTime();
  if (t !== lastTime) {
    lastAmzDate = toAmzDate(opts.date);
    lastTime = t;
  }
  const amzDate = lastAmzDate;
  const shortDate = amzDate.slice(0, 8);
  const region = opts.region ?? ctx.region;
  const service = opts.service ?? ctx.service;
  return { amzDate, shortDate, region, service, scope: credentialScope(shortDate, region, service) };
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

/** Plan a signature carried in the Authorization header. */
export function planHeaderSignature(ctx: SignerContext, req: SignableRequest, opts: SignOptions, payloadHash: string): HeaderPlan {
  validateCredentials(ctx.credentials);
  const s = scopeOf(ctx, opts);
  const entries = headerEntries(req);
  const added: Record<string, string> = { [AMZ_DATE]: s.amzDate };
  entries.push([AMZ_DATE, s.amzDate]);
  const token = ctx.credentials.sessionToken;
  if (ctx.settings.contentSha256Header || payloadHash === UNSIGNED_PAYLOAD || payloadHash.startsWith('STREAMING-')) {
    added[AMZ_CONTENT_SHA256] = payloadHash;
    entries.push([AMZ_CONTENT_SHA256, payloadHash]);
  }
  if (token && !opts.omitSessionToken) {
    added[AMZ_SECURITY_TOKEN] = token;
    entries.push([AMZ_SECURITY_TOKEN, trimAll(token)]);
  }
  const ch = canonicalHeadersOf(entries);
  const cr = canonicalRequest(
    req.method.toUpperCase(),
    canonicalUri(req.path, ctx.settings),
    canonicalQueryString(req.query),
    ch,
    payloadHash,
  );
  // Written out, not `{ ...s, ... }`: a spread followed by more properties is V8's slow path,
  // which cost ~3 us per signature (bench/README.md). The query plan below does the same.
  return {
    amzDate: s.amzDate,
    shortDate: s.shortDate,
    region: s.region,
    service: s.service,
    scope: s.scope,
    canonicalRequest: cr,
    signedHeaders: ch.signedHeaders,
    payloadHash,
    headers: added,
    lateToken: token && opts.omitSessionToken ? token : undefined,
  };
}

export function authorizationHeader(accessKeyId: string, scope: string, signedHeaders: string, signature: string): string {
  return ALGORITHM + ' Credential=' + accessKeyId + '/' + scope + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;
}

export function finishHeaders(ctx: SignerContext, plan: HeaderPlan, sts: string, signature: string) {
  const headers: Record<string, string> = {
    [AUTHORIZATION]: authorizationHeader(ctx.credentials.accessKeyId, plan.scope, plan.signedHeaders, signature),
    ...plan.headers,
  };
  if (plan.lateToken) headers[AMZ_SECURITY_TOKEN] = plan.lateToken;
  return {
    headers,
    payloadHash: plan.payloadHash,
    amzDate: plan.amzDate,
    credentialScope: plan.scope,
    canonicalRequest: plan.canonicalRequest,
    stringToSign: sts,
    signedHeaders: plan.signedHeaders,
    signature,
  };
}

export function validateExpires(expiresIn: number): void {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
    throw new RangeError(`expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES}, got ${String(expiresIn)}`);
  }
}

/** Plan a presigned URL: the signature travels in the query string. */
export function planQuerySignature(ctx: SignerContext, req: SignableRequest, opts: PresignOptions, payloadHash: string): QueryPlan {
  validateCredentials(ctx.credentials);
  validateExpires(opts.expiresIn);
  const s = scopeOf(ctx, opts);
  const ch = canonicalHeadersOf(headerEntries(req));
  const token = ctx.credentials.sessionToken;
  // The X-Amz-* parameters are built in canonical (byte) order, so only the request's own
  // (already sorted) parameters need merging in: no sort, no comparator calls.
  const own: Array<[string, string]> = [
    [Q_ALGORITHM, ALGORITHM],
    [Q_CREDENTIAL, encodedCredential(ctx.credentials.accessKeyId, s)],
    [Q_DATE, s.amzDate],
    [Q_EXPIRES, String(opts.expiresIn)],
  ];
  if (token && !opts.omitSessionToken) own.push([Q_SECURITY_TOKEN, uriEncode(token)]);
  own.push([Q_SIGNED_HEADERS, uriEncode(ch.signedHeaders)]);
  const query = joinQuery(req.query === undefined ? own : mergeSorted(encodeQuery(req.query), own));
  const cr = canonicalRequest(req.method.toUpperCase(), canonicalUri(req.path, ctx.settings), query, ch, payloadHash);
  const lateToken = token && opts.omitSessionToken ? '&' + Q_SECURITY_TOKEN + '=' + uriEncode(token) : '';
  return {
    amzDate: s.amzDate,
    shortDate: s.shortDate,
    region: s.region,
    service: s.service,
    scope: s.scope,
    canonicalRequest: cr,
    signedHeaders: ch.signedHeaders,
    query: query + lateToken,
  };
}

/** `uriEncode(accessKeyId + '/' + scope)` piece by piece: each piece usually needs no encoding, so no copy. */
function encodedCredential(accessKeyId: string, s: { shortDate: string; region: string; service: string }): string {
  return uriEncode(accessKeyId) + '%2F' + s.shortDate + '%2F' + uriEncode(s.region) + '%2F' + uriEncode(s.service) + '%2F' + KEY_TYPE;
}

/** Merge two lists of encoded pairs, each sorted by name then value. */
function mergeSorted(a: Array<[string, string]>, b: Array<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x[0] < y[0] || (x[0] === y[0] && x[1] <= y[1])) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

export function finishQuery(plan: QueryPlan, sts: string, signature: string) {
  return {
    queryString: plan.query + '&' + Q_SIGNATURE + '=' + signature,
    amzDate: plan.amzDate,
    credentialScope: plan.scope,
    canonicalRequest: plan.canonicalRequest,
    stringToSign: sts,
    signedHeaders: plan.signedHeaders,
    signature,
  };
}
