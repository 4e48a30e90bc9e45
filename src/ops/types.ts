// What an operation builds (a description of the request) and what it gets back to parse. The
// builders and parsers are pure (no sockets, no clock, no signing); each operation's function
// (`putObject(s3, input)`) joins them through a client's send().
import type { ChecksumAlgorithm } from '../checksum/checksum.ts';
import type { HttpResponse, RequestBody } from '../http/types.ts';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';

export interface S3Request {
  readonly method: HttpMethod;
  readonly bucket?: string;
  readonly key?: string;
  /** Decoded query parameters; `''` for a bare name such as `?uploads`. */
  readonly query?: Record<string, string | undefined>;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: RequestBody;
  /** Length of a stream body, when known. */
  readonly contentLength?: number;
  /** SHA-256 (hex) of the body, when known. */
  readonly contentSha256?: string;
  /**
   * Send the stream body as aws-chunked with a signature per chunk
   * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the body is covered by the signature without being
   * read twice. Needs `contentLength` (S3 wants x-amz-decoded-content-length).
   */
  readonly streamingSignature?: boolean;
  /**
   * Have the pipeline compute this checksum of the body and send it as `x-amz-checksum-<alg>`:
   * a header for bytes in memory, an aws-chunked trailer for a stream (read once).
   */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  /**
   * A successful answer has no XML to parse (GetObject, HeadObject, PutObject, UploadPart,
   * DeleteObject): it is returned without waiting for the XML parser to load, which only the
   * first request of a process notices. Errors still wait: their body is XML.
   */
  readonly noXml?: boolean;
  /** Statuses that are answers, not errors (S3 uses 2xx; a conditional GET may add 304). */
  readonly okStatus?: readonly number[];
}

export type S3Response = HttpResponse;

/** Metadata every response carries. */
export interface ResponseMetadata {
  readonly requestId: string | undefined;
}

export function metadataOf(res: S3Response): ResponseMetadata {
  return { requestId: res.headers['x-amz-request-id'] };
}
