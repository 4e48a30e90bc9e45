// The canonical request, step 1 of SigV4, built from pieces each testable alone.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-canonical-request

import { UNSIGNABLE_HEADERS } from './constants.ts';
import type { SigningSettings } from './settings.ts';
import { uriEncode, uriEncodePath } from './uri-encode.ts';

/** Query parameters, decoded. A list keeps repeated names; a record is the common short form. */
export type QueryParams = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | undefined>>;

/** Header values; an array is a header sent several times (joined with `,` in order). */
export type HeaderValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Resolve `.` and `..` segments and collapse repeated slashes (RFC 3986 5.2.4 plus `//`). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const trailing = path.length > 1 && path.endsWith('/') && out.length > 0;
  return '/' + out.join('/') + (trailing ? '/' : '');
}

/** The canonical URI for a wire path (already percent-encoded) under the given settings. */
export function canonicalUri(path: string, settings: SigningSettings): string {
  let p = path === '' ? '/' : path;
  if (settings.pathNormalization === 'enabled') p = normalizePath(p);
  return settings.percentEncoding === 'double' ? uriEncodePath(p) : p;
}

/**
 * Encoded `[name, value]` pairs, sorted by name then value (after encoding, as the spec says).
 * `pairs`: encoded pairs to sort in with them (a presigned URL's X-Amz-* parameters).
 */
export function encodeQuery(query: QueryParams | undefined, pairs: Array<[string, string]> = []): Array<[string, string]> {
  if (query === undefined) return pairs;
  if (Array.isArray(query)) {
    for (const [k, v] of query as ReadonlyArray<readonly [string, string]>) pairs.push([uriEncode(k), uriEncode(v)]);
  } else {
    for (const k in query) {
      const v = (query as Record<string, string | undefined>)[k];
      if (v !== undefined) pairs.push([uriEncode(k), uriEncode(v)]);
    }
  }
  if (pairs.length > 1) pairs.sort(comparePairs);
  return pairs;
}

function comparePairs(a: readonly [string, string], b: readonly [string, string]): number {
  // Code-unit order equals byte order here: encoded strings are ASCII.
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** `name=value&...` from encoded, sorted pairs. */
export function joinQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i]!;
    out += (i === 0 ? '' : '&') + k + '=' + v;
  }
  return out;
}

/** The canonical query string for decoded parameters. */
export function canonicalQueryString(query: QueryParams | undefined): string {
  return joinQuery(encodeQuery(query));
}

/**
 * Trim the ends and collapse runs of spaces (the spec's Trimall). Tabs and folded lines count as
 * space; other whitespace (NBSP, form feed) is data and is kept, wherever it stands.
 */
export function trimAll(value: string): string {
  // Fast path: nothing to collapse or trim.
  if (!/[\t\n\r]| {2}|^ | $/.test(value)) return value;
  return value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

export interface CanonicalHeaders {
  /** `name:value\n` lines, sorted, lower-case names. */
  readonly canonicalHeaders: string;
  /** `name;name;...`, sorted. */
  readonly signedHeaders: string;
}

/**
 * Canonical headers and the signed-header list from every signable header given.
 * Names are lower-cased; repeated names (array values, or names differing only in case) are
 * joined with `,` in the order given.
 */
export function canonicalHeaders(headers: HeaderValues): CanonicalHeaders {
  const entries: HeaderEntry[] = [];
  addHeaderEntries(entries, headers);
  return canonicalHeadersOf(entries);
}

/** `[lower-case name, trimmed value]`, in the order given. */
export type HeaderEntry = [string, string];

/**
 * Append the signable headers as entries, leaving out `skip` names (lower case) too.
 * Returns whether a `host` header was among them.
 */
export function addHeaderEntries(entries: HeaderEntry[], headers: HeaderValues, skip?: ReadonlySet<string>): boolean {
  let host = false;
  for (const name in headers) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const lower = name.toLowerCase();
    if (UNSIGNABLE_HEADERS.has(lower) || skip?.has(lower)) continue;
    if (lower === 'host') host = true;
    entries.push([lower, typeof raw === 'string' ? trimAll(raw) : raw.map(trimAll).join(',')]);
  }
  return host;
}

/** Sort entries by name (stable, so repeated names keep their order) and join repeated names with `,`. */
export function canonicalHeadersOf(entries: HeaderEntry[]): CanonicalHeaders {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let lines = '';
  let signed = '';
  for (let i = 0; i < entries.length; i++) {
    const [name, value] = entries[i]!;
    if (i > 0 && entries[i - 1]![0] === name) {
      lines = lines.slice(0, -1) + ',' + value + '\n';
      continue;
    }
    lines += name + ':' + value + '\n';
    signed += (signed ? ';' : '') + name;
  }
  return { canonicalHeaders: lines, signedHeaders: signed };
}

/** Join the six parts of the canonical request. */
export function canonicalRequest(
  method: string,
  uri: string,
  queryString: string,
  headers: CanonicalHeaders,
  payloadHash: string,
): string {
  return method + '\n' + uri + '\n' + queryString + '\n' + headers.canonicalHeaders + '\n' + headers.signedHeaders + '\n' + payloadHash;
}
