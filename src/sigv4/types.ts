import type { HeaderValues, QueryParams } from './canonical-request.ts';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/**
 * What the request body contributes to the signature.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
export type Payload =
  /** `UNSIGNED-PAYLOAD`: the body is not covered (TLS or a checksum protects it). */
  | { readonly kind: 'unsigned' }
  /** A body whose SHA-256 is known (hex, lower case). */
  | { readonly kind: 'sha256'; readonly hex: string }
  /** A body small enough to hash here. */
  | { readonly kind: 'bytes'; readonly data: string | Uint8Array }
  /** aws-chunked with a signature per chunk; `trailer` adds signed trailing headers. */
  | { readonly kind: 'streaming'; readonly trailer?: boolean }
  /** aws-chunked, chunks unsigned, with trailing headers (a checksum). */
  | { readonly kind: 'streaming-unsigned-trailer' };

/** A request as the signer sees it. Nothing here is sent anywhere. */
export interface SignableRequest {
  readonly method: string;
  /** `host[:port]`, the Host header. May be left out when `headers` carries `host`. */
  readonly host?: string;
  /** The path as it goes on the wire, already percent-encoded (see `uriEncodePath`). */
  readonly path: string;
  /** Decoded query parameters. */
  readonly query?: QueryParams;
  /** Headers to sign besides host (unsignable ones such as user-agent are left out). */
  readonly headers?: HeaderValues;
}

export interface SignOptions {
  /** The signing time; the signer never reads the clock. */
  readonly date: Date;
  /** Default: unsigned (S3 preset) or the empty body (generic preset). */
  readonly payload?: Payload;
  /** Override the region or service of the signer for this request. */
  readonly region?: string;
  readonly service?: string;
  /**
   * Add the session token after signing, unsigned. Some services want this; S3 does not.
   * (aws-c-auth `omit_session_token`).
   */
  readonly omitSessionToken?: boolean;
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid, 1..604800. */
  readonly expiresIn: number;
}

/** Everything computed while signing, so a failing case can be inspected step by step. */
export interface SignatureSteps {
  readonly amzDate: string;
  readonly credentialScope: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

export interface SignedHeaders extends SignatureSteps {
  /** Headers to add to the request (lower-case names): authorization, x-amz-date, ... */
  readonly headers: Record<string, string>;
  /** The payload hash as signed (`UNSIGNED-PAYLOAD`, a hex digest or a STREAMING-* name). */
  readonly payloadHash: string;
}

export interface PresignedRequest extends SignatureSteps {
  /** The full encoded query string, the request's own parameters and X-Amz-*, signature last. */
  readonly queryString: string;
}
