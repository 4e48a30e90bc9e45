// ListObjectsV2. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
import { ArgumentError } from '../errors.ts';
import { checkBucket } from '../validate.ts';
import { parseListObjectsV2, type ListObjectsV2Result } from '../xml/list-objects-v2.ts';
import type { S3Request, S3Response } from './types.ts';

export interface ListObjectsV2Input {
  readonly bucket: string;
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly startAfter?: string;
  /** 1..1000 keys per page. */
  readonly maxKeys?: number;
  readonly continuationToken?: string;
  readonly fetchOwner?: boolean;
}

export function listObjectsV2Request(i: ListObjectsV2Input): S3Request {
  if (i.maxKeys !== undefined && (!Number.isInteger(i.maxKeys) || i.maxKeys < 1 || i.maxKeys > 1000)) {
    throw new ArgumentError('InvalidArgument', `maxKeys must be 1..1000, got ${i.maxKeys}`);
  }
  return {
    method: 'GET',
    bucket: checkBucket(i.bucket),
    query: {
      'list-type': '2',
      // Keys may hold characters XML 1.0 cannot carry; url encoding makes every key survive.
      'encoding-type': 'url',
      prefix: i.prefix,
      delimiter: i.delimiter,
      'start-after': i.startAfter,
      'max-keys': i.maxKeys === undefined ? undefined : String(i.maxKeys),
      'continuation-token': i.continuationToken,
      'fetch-owner': i.fetchOwner ? 'true' : undefined,
    },
  };
}

export async function parseListObjectsV2Response(res: S3Response): Promise<ListObjectsV2Result> {
  return parseListObjectsV2(await res.body.text());
}

export type { ListObjectsV2Result };
