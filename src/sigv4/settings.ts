// Service quirks as named modes, not `if (service === 's3')` branches.
// Modelled on smithy-rs aws-sigv4 `SigningSettings`.

/**
 * How the request path becomes the canonical URI.
 * - `single`: the path is already percent-encoded on the wire and is signed as it is (S3).
 * - `double`: the wire path is percent-encoded once more (every other AWS service).
 */
export type PercentEncodingMode = 'single' | 'double';

/** Whether `.`/`..` segments and repeated slashes are resolved before signing. S3 never does. */
export type PathNormalizationMode = 'enabled' | 'disabled';

/** Where the signature travels. */
export type SignatureLocation = 'headers' | 'query';

export interface SigningSettings {
  readonly percentEncoding: PercentEncodingMode;
  readonly pathNormalization: PathNormalizationMode;
  /** Send (and sign) an `x-amz-content-sha256` header with header signatures. */
  readonly contentSha256Header: boolean;
  /** Payload hash used in presigned URLs when none is given. */
  readonly presignPayload: 'unsigned' | 'empty';
}

/** S3: paths signed as sent, `x-amz-content-sha256` always, presigned URLs with UNSIGNED-PAYLOAD. */
export const S3_SETTINGS: SigningSettings = Object.freeze({
  percentEncoding: 'single',
  pathNormalization: 'disabled',
  contentSha256Header: true,
  presignPayload: 'unsigned',
});

/** Every other AWS service: double-encoded, normalized paths; payload hashed. */
export const GENERIC_SETTINGS: SigningSettings = Object.freeze({
  percentEncoding: 'double',
  pathNormalization: 'enabled',
  contentSha256Header: false,
  presignPayload: 'empty',
});
