// RFC 3986 percent-encoding as SigV4 wants it: every byte outside A-Z a-z 0-9 - . _ ~ becomes
// %XX (upper-case hex), spaces as %20, never `+`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

const HEX = Array.from({ length: 256 }, (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'));
const encoder = new TextEncoder();

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e // - . _ ~
  );
}

function encode(value: string, keepSlash: boolean): string {
  // Fast path: nothing to encode (the common case for S3 keys and query values).
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!(isUnreserved(c) || (keepSlash && c === 0x2f))) break;
  }
  if (i === value.length) return value;
  let out = '';
  let run = 0; // start of the pending run of characters kept as they are
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isUnreserved(c) || (keepSlash && c === 0x2f)) continue;
    out += value.slice(run, i);
    run = i + 1;
    if (c < 0x80) {
      out += HEX[c];
    } else {
      // Take the whole code point (a surrogate pair is one character) and encode its UTF-8 bytes.
      const cp = value.codePointAt(i)!;
      // An unpaired surrogate has no UTF-8 form; encoding it as U+FFFD would change the name.
      if (cp >= 0xd800 && cp <= 0xdfff) throw new TypeError('cannot percent-encode an unpaired UTF-16 surrogate');
      const ch = String.fromCodePoint(cp);
      for (const b of encoder.encode(ch)) out += HEX[b];
      i += ch.length - 1;
      run = i + 1;
    }
  }
  return out + value.slice(run);
}

/** Encode a query name or value, or anything else where `/` must become %2F. */
export function uriEncode(value: string): string {
  return encode(value, false);
}

/** Encode a path (an S3 key, say): like {@link uriEncode} but `/` is kept. */
export function uriEncodePath(value: string): string {
  return encode(value, true);
}
