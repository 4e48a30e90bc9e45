// ListObjectsV2: <ListBucketResult>.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
import { readOwner, type Owner } from './owner.ts';
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
} from './parser.ts';
import { nameDecoder } from './url-encoding.ts';

/** One <Contents> entry. */
export interface ListedObject {
  key: string;
  lastModified: Date | undefined;
  /** As sent, quotes included. s3s-fs (0.14) leaves it out of listings. */
  eTag: string | undefined;
  size: number;
  storageClass?: string;
  /** Only with fetch-owner=true. */
  owner?: Owner;
}

export interface CommonPrefix {
  prefix: string;
}

export interface ListObjectsV2Result {
  name: string;
  /** '' when the request had no prefix. */
  prefix: string;
  delimiter?: string;
  maxKeys?: number;
  /** Contents plus CommonPrefixes in this page. */
  keyCount: number;
  isTruncated: boolean;
  continuationToken?: string;
  /** Pass as continuation-token for the next page while isTruncated. */
  nextContinuationToken?: string;
  startAfter?: string;
  /** 'url' when the names below were URL-encoded on the wire; they are decoded here. */
  encodingType?: string;
  contents: ListedObject[];
  commonPrefixes: CommonPrefix[];
}

export function parseListObjectsV2(text: string): ListObjectsV2Result {
  const root = expectRoot(parseXml(text), 'ListBucketResult');
  const encodingType = childText(root, 'EncodingType');
  // Key, Prefix, Delimiter, StartAfter and CommonPrefixes.Prefix are the encoded elements;
  // the continuation tokens are opaque and never encoded.
  const name = nameDecoder(encodingType);

  const contents = childElements(root, 'Contents').map((entry) => ({
    key: name(required(childText(entry, 'Key'), 'Contents.Key')),
    lastModified: childDate(entry, 'LastModified'),
    eTag: childText(entry, 'ETag'),
    size: required(childInteger(entry, 'Size'), 'Contents.Size'),
    storageClass: childText(entry, 'StorageClass'),
    owner: readOwner(childElement(entry, 'Owner')),
  }));
  const commonPrefixes = childElements(root, 'CommonPrefixes').map((entry) => ({
    prefix: name(required(childText(entry, 'Prefix'), 'CommonPrefixes.Prefix')),
  }));
  return {
    name: required(childText(root, 'Name'), 'ListBucketResult.Name'),
    prefix: name(childText(root, 'Prefix')) ?? '',
    delimiter: name(childText(root, 'Delimiter')),
    maxKeys: childInteger(root, 'MaxKeys'),
    keyCount: childInteger(root, 'KeyCount') ?? contents.length + commonPrefixes.length,
    // A server that leaves IsTruncated out but gives a next token still has more to list.
    isTruncated: childBoolean(root, 'IsTruncated') ?? childText(root, 'NextContinuationToken') !== undefined,
    continuationToken: childText(root, 'ContinuationToken'),
    nextContinuationToken: childText(root, 'NextContinuationToken'),
    startAfter: name(childText(root, 'StartAfter')),
    encodingType,
    contents,
    commonPrefixes,
  };
}

/**
 * The next page's continuation token, from the part of a truncated page before its first
 * <Contents> or <CommonPrefixes>: AWS, MinIO and s3s all write NextContinuationToken there, so the
 * next page can be asked for before this one is parsed whole. That head is parsed as a document
 * of its own, by the same parser. undefined whenever the head does not say (another order, an
 * untruncated page, anything odd): the caller then waits for the whole page, which stays the
 * authority either way.
 */
export function peekNextContinuationToken(text: string): string | undefined {
  const end = text.search(/<(?:Contents|CommonPrefixes)>/);
  if (end < 0) return undefined;
  try {
    const root = expectRoot(parseXml(text.slice(0, end) + '</ListBucketResult>'), 'ListBucketResult');
    return childBoolean(root, 'IsTruncated') ? childText(root, 'NextContinuationToken') || undefined : undefined;
  } catch {
    return undefined;
  }
}
