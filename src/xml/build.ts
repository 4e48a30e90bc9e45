// The request bodies S3 wants as XML: CreateBucketConfiguration, CompleteMultipartUpload, Delete.
// Hand-written: three flat shapes do not need fast-xml-parser's builder in the bundle.
import { ArgumentError } from '../errors.ts';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';

// Outside XML 1.0's Char production: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and
// unpaired surrogates. No escape can carry them, so such a key cannot be named in these bodies.
// https://www.w3.org/TR/xml/#charsets
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// `&` and `<` must be escaped, `>` so that `]]>` never appears, quotes so the same text is safe
// in an attribute. Tab, LF and CR become character references because parsers turn a raw CR or
// CRLF into LF (and whitespace in attributes into spaces); a reference survives both.
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const TO_ESCAPE = /[&<>"'\t\n\r]/g;
// Leading and trailing spaces too, because some server-side parsers trim text (a key can be
// `" a "` or `"   "`); a character reference is never trimmed.
const EDGE_SPACES = /^ +| +$/g;

function escapeText(value: string, what: string, code: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad) {
    const codePoint = 'U+' + bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ArgumentError(code, `${what} ${JSON.stringify(value)} has ${codePoint} at index ${bad.index}, which XML 1.0 cannot carry`);
  }
  return value.replace(TO_ESCAPE, (c) => ESCAPES[c] ?? c).replace(EDGE_SPACES, (spaces) => '&#x20;'.repeat(spaces.length));
}

function element(name: string, text: string): string {
  return `<${name}>${text}</${name}>`;
}

/**
 * The CreateBucket body, or undefined when there is none to send: us-east-1 (also given as
 * '' or undefined) is the default location and must not be named.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 */
export function buildCreateBucketConfiguration(region: string | undefined): string | undefined {
  if (region === undefined || region === '' || region === 'us-east-1') return undefined;
  const constraint = element('LocationConstraint', escapeText(region, 'region', 'InvalidRegion'));
  return `${PROLOG}<CreateBucketConfiguration xmlns="${XMLNS}">${constraint}</CreateBucketConfiguration>`;
}

/** A part as UploadPart returned it; S3's data type is CompletedPart. */
export interface CompletedPart {
  readonly partNumber: number;
  /** As the server sent it, quotes included. */
  readonly eTag: string;
  /** Required for each part when the upload was created with x-amz-checksum-algorithm. */
  readonly checksumCRC32?: string;
  readonly checksumCRC32C?: string;
  readonly checksumCRC64NVME?: string;
  readonly checksumSHA1?: string;
  readonly checksumSHA256?: string;
}

const PART_CHECKSUMS = [
  ['checksumCRC32', 'ChecksumCRC32'],
  ['checksumCRC32C', 'ChecksumCRC32C'],
  ['checksumCRC64NVME', 'ChecksumCRC64NVME'],
  ['checksumSHA1', 'ChecksumSHA1'],
  ['checksumSHA256', 'ChecksumSHA256'],
] as const;

/**
 * The CompleteMultipartUpload body, parts in ascending part number as S3 requires
 * (InvalidPartOrder otherwise). The part list itself is the op's to check.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 */
export function buildCompleteMultipartUpload(parts: readonly CompletedPart[]): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  let body = '';
  for (const part of sorted) {
    const partNumber = element('PartNumber', String(part.partNumber));
    let checksums = '';
    for (const [field, name] of PART_CHECKSUMS) {
      const v = part[field];
      if (v !== undefined) checksums += element(name, escapeText(v, name, 'InvalidArgument'));
    }
    body += `<Part>${partNumber}${element('ETag', escapeText(part.eTag, 'ETag', 'InvalidArgument'))}${checksums}</Part>`;
  }
  return `${PROLOG}<CompleteMultipartUpload xmlns="${XMLNS}">${body}</CompleteMultipartUpload>`;
}

/** An object to delete; S3's data type is ObjectIdentifier. */
export interface ObjectIdentifier {
  readonly key: string;
  readonly versionId?: string | undefined;
}

/**
 * The DeleteObjects body. Quiet mode asks S3 to report only the keys it failed to delete.
 * A key XML 1.0 cannot carry throws ArgumentError `InvalidKey`: delete it with DeleteObject,
 * which names the key in the URL.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 */
export function buildDeleteObjects(objects: readonly ObjectIdentifier[], quiet: boolean): string {
  let body = quiet ? element('Quiet', 'true') : '';
  for (const object of objects) {
    const versionId = object.versionId === undefined ? '' : element('VersionId', escapeText(object.versionId, 'versionId', 'InvalidArgument'));
    body += `<Object>${element('Key', escapeText(object.key, 'key', 'InvalidKey'))}${versionId}</Object>`;
  }
  return `${PROLOG}<Delete xmlns="${XMLNS}">${body}</Delete>`;
}
