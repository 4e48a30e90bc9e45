// The multipart upload results: <InitiateMultipartUploadResult>, <CompleteMultipartUploadResult>,
// <ListPartsResult>, <ListMultipartUploadsResult>.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
import { parseResultOrError, type ResultOrError } from './error.ts';
import {
  childBoolean,
  childDate,
  childElement,
  childElements,
  childInteger,
  childText,
  expectRoot,
  parseXml,
  required,
  type XmlElement,
} from './parser.ts';
import { nameDecoder } from './url-encoding.ts';

export interface InitiateMultipartUploadResult {
  bucket: string;
  key: string;
  uploadId: string;
}

export function parseInitiateMultipartUpload(text: string): InitiateMultipartUploadResult {
  const root = expectRoot(parseXml(text), 'InitiateMultipartUploadResult');
  return {
    bucket: required(childText(root, 'Bucket'), 'InitiateMultipartUploadResult.Bucket'),
    key: required(childText(root, 'Key'), 'InitiateMultipartUploadResult.Key'),
    uploadId: required(childText(root, 'UploadId'), 'InitiateMultipartUploadResult.UploadId'),
  };
}

export interface CompleteMultipartUploadResult {
  /** The object's URL; some servers leave it out. */
  location?: string;
  bucket: string | undefined;
  key: string | undefined;
  /** As sent, quotes included: the multipart form `"<md5 of md5s>-<parts>"`. */
  eTag: string | undefined;
}

function readCompleteMultipartUpload(root: XmlElement): CompleteMultipartUploadResult {
  return {
    location: childText(root, 'Location'),
    bucket: childText(root, 'Bucket'),
    key: childText(root, 'Key'),
    eTag: childText(root, 'ETag'),
  };
}

/**
 * S3 answers CompleteMultipartUpload with 200 before it has finished, and reports a failure
 * in the body: `ok: false` is that failure, for the caller to throw. One parse of the body.
 */
export function parseCompleteMultipartUploadOutcome(text: string): ResultOrError<CompleteMultipartUploadResult> {
  return parseResultOrError(text, 'CompleteMultipartUploadResult', readCompleteMultipartUpload);
}

/** For a caller that has already ruled out an <Error> body with parseError. */
export function parseCompleteMultipartUpload(text: string): CompleteMultipartUploadResult {
  return readCompleteMultipartUpload(expectRoot(parseXml(text), 'CompleteMultipartUploadResult'));
}

export interface Part {
  partNumber: number;
  lastModified: Date | undefined;
  eTag: string | undefined;
  size: number;
}

export interface ListPartsResult {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker?: number;
  /** Pass as part-number-marker for the next page while isTruncated. */
  nextPartNumberMarker?: number;
  maxParts?: number;
  isTruncated: boolean;
  storageClass?: string;
  parts: Part[];
}

export function parseListParts(text: string): ListPartsResult {
  const root = expectRoot(parseXml(text), 'ListPartsResult');
  return {
    bucket: required(childText(root, 'Bucket'), 'ListPartsResult.Bucket'),
    key: required(childText(root, 'Key'), 'ListPartsResult.Key'),
    uploadId: required(childText(root, 'UploadId'), 'ListPartsResult.UploadId'),
    partNumberMarker: childInteger(root, 'PartNumberMarker'),
    nextPartNumberMarker: childInteger(root, 'NextPartNumberMarker'),
    maxParts: childInteger(root, 'MaxParts'),
    isTruncated: childBoolean(root, 'IsTruncated') ?? childInteger(root, 'NextPartNumberMarker') !== undefined,
    storageClass: childText(root, 'StorageClass'),
    parts: childElements(root, 'Part').map((part) => ({
      partNumber: required(childInteger(part, 'PartNumber'), 'Part.PartNumber'),
      lastModified: childDate(part, 'LastModified'),
      eTag: childText(part, 'ETag'),
      size: required(childInteger(part, 'Size'), 'Part.Size'),
    })),
  };
}

export interface MultipartUpload {
  key: string;
  uploadId: string;
  initiated: Date | undefined;
  storageClass?: string;
}

export interface ListMultipartUploadsResult {
  bucket: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  /** With nextUploadIdMarker, where the next page starts while isTruncated. */
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  prefix?: string;
  delimiter?: string;
  maxUploads?: number;
  isTruncated: boolean;
  /** 'url' when the names below were URL-encoded on the wire; they are decoded here. */
  encodingType?: string;
  uploads: MultipartUpload[];
  commonPrefixes: { prefix: string }[];
}

export function parseListMultipartUploads(text: string): ListMultipartUploadsResult {
  const root = expectRoot(parseXml(text), 'ListMultipartUploadsResult');
  const encodingType = childText(root, 'EncodingType');
  // Encoded: Delimiter, KeyMarker, Prefix, NextKeyMarker, Key (and CommonPrefixes.Prefix);
  // upload ids are opaque and never encoded.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html#API_ListMultipartUploads_ResponseSyntax
  const name = nameDecoder(encodingType);
  return {
    bucket: required(childText(root, 'Bucket'), 'ListMultipartUploadsResult.Bucket'),
    keyMarker: name(childText(root, 'KeyMarker')),
    uploadIdMarker: childText(root, 'UploadIdMarker'),
    nextKeyMarker: name(childText(root, 'NextKeyMarker')),
    nextUploadIdMarker: childText(root, 'NextUploadIdMarker'),
    prefix: name(childText(root, 'Prefix')),
    delimiter: name(childText(root, 'Delimiter')),
    maxUploads: childInteger(root, 'MaxUploads'),
    isTruncated: childBoolean(root, 'IsTruncated') ?? childText(root, 'NextKeyMarker') !== undefined,
    encodingType,
    uploads: childElements(root, 'Upload').map((upload) => ({
      key: name(required(childText(upload, 'Key'), 'Upload.Key')),
      uploadId: required(childText(upload, 'UploadId'), 'Upload.UploadId'),
      initiated: childDate(upload, 'Initiated'),
      storageClass: childText(upload, 'StorageClass'),
    })),
    commonPrefixes: childElements(root, 'CommonPrefixes').map((entry) => ({
      prefix: name(required(childText(entry, 'Prefix'), 'CommonPrefixes.Prefix')),
    })),
  };
}
