// ListObjectsV2. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
import { ArgumentError, IntegrityError } from '../errors.ts';
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

export async function listObjectsV2(s3: S3CoreBase, input: ListObjectsV2Input, opts?: SendOptions): Promise<ListObjectsV2Result> {
  return parseListObjectsV2Response(await s3.send(listObjectsV2Request(input), opts));
}

/** Every page of a listing, following continuation tokens. */
export async function* listObjectsV2Pages(s3: S3CoreBase, input: ListObjectsV2Input, opts?: SendOptions): AsyncGenerator<ListObjectsV2Result> {
  let token = input.continuationToken;
  for (;;) {
    const page = await listObjectsV2(s3, { ...input, continuationToken: token }, opts);
    yield page;
    if (!page.isTruncated) return;
    if (!page.nextContinuationToken || page.nextContinuationToken === token) {
      throw new IntegrityError('BadPagination', 'the listing is truncated but gave no new continuation token');
    }
    token = page.nextContinuationToken;
  }
}

/** Every object under a prefix, across pages. */
export async function* listObjects(s3: S3CoreBase, input: ListObjectsV2Input, opts?: SendOptions): AsyncGenerator<ListObjectsV2Result['contents'][number]> {
  for await (const page of listObjectsV2Pages(s3, input, opts)) yield* page.contents;
}
