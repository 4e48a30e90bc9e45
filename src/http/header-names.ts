// Response heads as text, and their header names in lower case, each made once per process: the
// HTTP/1.1 reader of the Bun transport (http1-response.ts) and the undici transport's handler
// (undici-response.ts) both read names out of one string holding the whole head. A fresh
// lower-cased string per header was 13 us of a 16-header MinIO answer in Bun; in Node, a string
// made per Buffer crosses into C++ each time.

// Bytes as characters, one each: ISO-8859-1, as Node's http and undici read header bytes. Not
// TextDecoder('latin1'), which WHATWG makes windows-1252: in Bun, 0x80 and 0x9f became U+20AC and
// U+0178 (Node's decoder happens not to). Buffer is a global in Bun and Node, and native: as fast
// as the TextDecoder in Bun (0.37-0.47 us for MinIO's head), 4x String.fromCharCode. A socket's
// bytes are a Buffer already, and read as they are: in Bun, asking a fresh Buffer for its
// `.buffer` (to view it as another Buffer) cost ~2 us, more than the decoding.
export const latin1 = (bytes: Uint8Array, start: number, end: number): string =>
  bytes instanceof Buffer ? bytes.toString('latin1', start, end) : Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/**
 * Names seen before (bounded: user metadata names are many), by a number made of the name's
 * length and its first, middle and last characters (each <= U+00FF: heads are read as ISO-8859-1):
 * the name as sent, and in lower case. A hit is confirmed in place (startsWith), so no string is
 * cut out and none is looked up as a property.
 */
const NAMES = new Map<number, { readonly raw: string; readonly lower: string }>();
const MAX_NAMES = 512;

/**
 * The lower-case name in `text` from `at` to `end` (not empty). `check` sees a name not met
 * before, as sent, and may throw: it is not remembered then.
 */
export function headerName(text: string, at: number, end: number, check?: (raw: string) => void): string {
  const len = end - at;
  const key = len * 0x1000000 + text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + (len >> 1)) * 0x100 + text.charCodeAt(end - 1);
  const known = NAMES.get(key);
  if (known !== undefined && text.startsWith(known.raw, at)) return known.lower;
  const raw = text.slice(at, end);
  check?.(raw);
  const lower = raw.toLowerCase();
  if (known === undefined && NAMES.size < MAX_NAMES) NAMES.set(key, { raw, lower });
  return lower;
}
