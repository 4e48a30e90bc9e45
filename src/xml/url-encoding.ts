// Listings requested with `encoding-type=url` come back with keys, prefixes, delimiters and
// markers URL-encoded, so keys XML 1.0 cannot carry still arrive intact.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html#API_ListObjectsV2_ResponseSyntax
//
// The encoding is form-style: AWS S3 and MinIO write a space as `+` and a literal `+` as `%2B`,
// and the AWS SDKs decode with unquote_plus / URLDecoder. Servers that write `%20` (s3s, Ceph)
// also encode `+` as `%2B`, so reading `+` as a space is right for all of them.

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
// ignoreBOM keeps a leading U+FEFF: it is part of the key, not a byte-order mark.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether a result's EncodingType says its names are URL-encoded. */
export function isUrlEncoded(encodingType: string | undefined): boolean {
  return encodingType?.trim().toLowerCase() === 'url';
}

/**
 * One run of `%XX` escapes as text. A lone ASCII escape (a listing's `%2F`, `%20`) is one
 * character; building a byte array for TextDecoder for it too was ~2.5 us a key on a listing whose
 * every key had a `/` in it (~0.8 us now), about a tenth of the time spent parsing the page.
 */
function decodeRun(run: string): string {
  // One escape whose first hex digit is 0-7: a byte below 0x80.
  return run.length === 3 && run[1]! < '8' ? String.fromCharCode(parseInt(run.slice(1), 16)) : utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16)));
}

/**
 * Decodes one URL-encoded name. Tolerant where decodeURIComponent throws: a `%` not followed by
 * two hex digits stays as it is, and bytes that are not UTF-8 become U+FFFD.
 */
export function decodeUrlEncoded(value: string): string {
  return value.replace(/\+/g, ' ').replace(PERCENT_RUN, decodeRun);
}

/** Decodes a result's names when its EncodingType is `url`; passes them through otherwise. */
export function nameDecoder(encodingType: string | undefined): <T extends string | undefined>(value: T) => T {
  if (!isUrlEncoded(encodingType)) return (value) => value;
  return (value) => (value === undefined ? value : decodeUrlEncoded(value)) as typeof value;
}
