// RFC 3986 percent-encoding as SigV4 wants it: every byte outside A-Z a-z 0-9 - . _ ~ becomes
// %XX (upper-case hex), spaces as %20, never `+`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

// Most names and values need no encoding: one regular-expression test, no copy.
const UNRESERVED = /^[\w.~-]*$/;
const UNRESERVED_OR_SLASH = /^[\w.~/-]*$/;
// encodeURIComponent leaves these alone; SigV4 does not.
const SUB_DELIMS = /[!'()*]/g;
const hex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase();

// A lone surrogate has no UTF-8 form: encodeURIComponent throws a URIError for it.
const encode = (value: string) => encodeURIComponent(value).replace(SUB_DELIMS, hex);

/** Encode a query name or value, or anything else where `/` must become %2F. */
export function uriEncode(value: string): string {
  return UNRESERVED.test(value) ? value : encode(value);
}

/** Encode a path (an S3 key, say): like {@link uriEncode} but `/` is kept. */
export function uriEncodePath(value: string): string {
  return UNRESERVED_OR_SLASH.test(value) ? value : encode(value).replace(/%2F/g, '/');
}
