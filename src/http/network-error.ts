// Turn what an HTTP stack throws into our errors, naming the endpoint (never the query string,
// which may hold a presigned signature).
import { AbortError, NetworkError, S3WireError, TimeoutError } from '../errors.ts';
import type { HttpRequest } from './types.ts';

/** What the reads of a body handed out and never read fail with once close() has given it up. */
export function closedUnread(): AbortError {
  return new AbortError('CLIENT_CLOSED', 'the client was closed before this response body was read: read it, or discard() it, before close()');
}

function codeOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkErrorFrom(e: unknown, req: HttpRequest): S3WireError {
  if (e instanceof S3WireError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (req.signal?.aborted || name === 'AbortError') {
    return new AbortError('ABORTED', `request to ${req.origin} was aborted`, { cause: req.signal?.reason ?? e });
  }
  const code = codeOf(e) ?? 'NETWORK_ERROR';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new TimeoutError(code, `no answer in time from ${req.origin} (${code})`, { cause: e });
  }
  const reach = `could not reach the endpoint ${req.origin}: `;
  const message =
    code === 'ECONNREFUSED'
      ? reach + 'connection refused: is the server running, and is the endpoint address and port right?'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? reach + 'the host name does not resolve: check the endpoint address'
        : /CERT|SIGNED|VERIFY/.test(code)
          ? // node:tls's codes: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ...
            `the TLS certificate of ${req.origin} is not trusted (${(e as Error).message}): give its CA as the transport's tls.ca`
          : // Reached, then broken: a reset, a close mid-answer, an answer that is not HTTP.
            `the connection to ${req.origin} failed: ${(e as Error)?.message ?? String(e)}`;
  return new NetworkError(code, message, req.origin, { cause: e });
}
