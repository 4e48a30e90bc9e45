// S3's error body, and the results that may be one even under 200 OK.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses
import { childElement, childText, expectRoot, parseXml, rootName, type XmlElement } from './parser.ts';

export interface S3ErrorBody {
  code: string;
  message: string;
  requestId?: string;
  hostId?: string;
  resource?: string;
  bucketName?: string;
  key?: string;
  /** Sent with redirects and AuthorizationHeaderMalformed: the bucket's real region. */
  region?: string;
  /** Sent with PermanentRedirect / TemporaryRedirect. */
  endpoint?: string;
  /** Every text child as sent, including those above and the ones S3 adds per code
   *  (ArgumentName, StringToSign, CanonicalRequest, ...). */
  fields: Record<string, string>;
}

/**
 * CompleteMultipartUpload, CopyObject and UploadPartCopy can fail after S3 has sent 200 OK;
 * the body is then an <Error>, and the caller must throw it.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 */
export type ResultOrError<T> = { ok: true; result: T } | { ok: false; error: S3ErrorBody };

/**
 * Parses an error response body. Returns undefined for anything that is not an S3 <Error>
 * (an empty HEAD body, a proxy's HTML page, a truncated body), so the caller falls back to
 * the status code.
 */
export function parseError(text: string): S3ErrorBody | undefined {
  let document: XmlElement;
  try {
    document = parseXml(text);
  } catch {
    return undefined;
  }
  const error = childElement(document, 'Error');
  return error && readError(error);
}

/** Reads an <Error> element; undefined when it has no Code, as nothing useful can be said then. */
export function readError(element: XmlElement): S3ErrorBody | undefined {
  const code = childText(element, 'Code')?.trim();
  if (!code) return undefined;
  const fields: Record<string, string> = {};
  for (const name of Object.keys(element)) {
    if (name === '#text') continue;
    const value = childText(element, name);
    if (value !== undefined) fields[name] = value;
  }
  return {
    code,
    message: childText(element, 'Message') ?? '',
    requestId: childText(element, 'RequestId'),
    hostId: childText(element, 'HostId'),
    resource: childText(element, 'Resource'),
    bucketName: childText(element, 'BucketName'),
    key: childText(element, 'Key'),
    region: childText(element, 'Region'),
    endpoint: childText(element, 'Endpoint'),
    fields,
  };
}

/** Parses a body that is either the `resultRoot` element or an <Error>, in one pass. */
export function parseResultOrError<T>(text: string, resultRoot: string, read: (root: XmlElement) => T): ResultOrError<T> {
  const document = parseXml(text);
  const error = rootName(document) === 'Error' ? readError(childElement(document, 'Error') ?? {}) : undefined;
  if (error) return { ok: false, error };
  return { ok: true, result: read(expectRoot(document, resultRoot)) };
}
