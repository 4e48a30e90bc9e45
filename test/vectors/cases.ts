// The shapes of the vector files in this folder (written by scripts/convert-vectors.mjs), their
// loader, and how a case becomes the signer's request. Shared by vectors.test.ts (Node) and
// test/edge/bun-crypto.ts (Bun).
import { readFileSync } from 'node:fs';
import type { Credentials, Payload, SignableRequest, SigningSettings } from '../../src/sigv4/index.ts';
import { uriEncodePath } from '../../src/sigv4/uri-encode.ts';

export type Pair = [string, string];

export interface Expected {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly signedHeaders: string;
  readonly authorization?: string;
  readonly addedHeaders?: Pair[];
  readonly queryString?: string;
  readonly queryParams?: Pair[];
  readonly canonicalUri?: string;
}

/** A case of aws-c-auth.json, botocore.json or smithy-extras.json. */
export interface SuiteCase {
  readonly id: string;
  readonly source: string;
  readonly signatureLocation: 'headers' | 'query';
  readonly settings: SigningSettings;
  readonly credentials: Credentials;
  readonly omitSessionToken: boolean;
  readonly region: string;
  readonly service: string;
  readonly timestamp: string;
  readonly expiresIn?: number;
  /** `path` as written in the request line: decoded (aws-c-auth, botocore) or encoded once (smithy-rs). */
  readonly request: { method: string; path: string; query: Pair[]; headers: Pair[]; body: string };
  readonly payload: Payload;
  readonly s3: { applies: boolean; reason?: string };
  readonly expected: Expected;
  readonly upstreamDefect?: string;
}

export interface S3Request {
  readonly method: string;
  readonly host: string;
  readonly bucket: string;
  readonly key: string | null;
  readonly addressing: 'virtual-hosted' | 'path';
  readonly query: Pair[];
  readonly headers: Pair[];
}

export interface S3Base {
  readonly id: string;
  readonly settings: SigningSettings;
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  readonly timestamp: string;
}

export interface ChunkExpected {
  readonly size: number;
  readonly dataSha256: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly headerLine: string;
}

export interface ChunkedCase extends S3Base {
  readonly kind: 'aws-chunked' | 'aws-chunked-trailer';
  readonly request: S3Request;
  readonly payload: Payload;
  readonly body: { byte: string; length: number; chunkSize: number };
  readonly trailers?: Record<string, string>;
  readonly expected: Expected & {
    chunks: ChunkExpected[];
    contentLength?: number;
    trailer?: { hashedText: string; stringToSign: string; signature: string; linesSent: string[] };
    authorizationAsPublished?: string;
  };
}

export type S3Case =
  | (S3Base & { kind: 'header'; request: S3Request; payload: Payload; expected: Expected })
  | (S3Base & { kind: 'query'; request: S3Request; payload: Payload; expiresIn: number; expected: Expected & { presignedUrl: string } })
  | ChunkedCase
  | (S3Base & { kind: 'post-policy'; policy: string; expected: { policy: string; signature: string; fields: Record<string, string> } });

export interface VectorFile<C> {
  readonly source: string;
  readonly caseCount: number;
  readonly cases: C[];
}

/** One of this folder's JSON files (`./aws-c-auth.json`). */
export const load = <C>(file: string): VectorFile<C> => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as VectorFile<C>;

/** A vector's header lines as the signer takes them: a repeated name becomes an array, in order. */
export function headerRecord(pairs: readonly Pair[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** An S3 example's request: the key encoded once, path-style or virtual-hosted. */
export function s3RequestOf(r: S3Request): SignableRequest {
  const key = '/' + uriEncodePath(r.key ?? '');
  return { method: r.method, host: r.host, path: r.addressing === 'path' ? '/' + r.bucket + key : key, query: r.query, headers: headerRecord(r.headers) };
}
