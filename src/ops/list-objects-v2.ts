// ListObjectsV2. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
import type { S3CoreBase } from '../core.ts';
import { abortError, type SendOptions } from '../send.ts';
import { ArgumentError, IntegrityError } from '../errors.ts';
import { checkBucket } from '../validate.ts';
import { parseListObjectsV2, peekNextContinuationToken, type ListObjectsV2Result } from '../xml/list-objects-v2.ts';
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

export interface ListPagesOptions extends SendOptions {
  /**
   * Ask for the next page as soon as this one's continuation token is read, while this page is
   * parsed and handed out (default true), so the server and the network work on page n + 1 while
   * the client is busy with page n. One page ahead at most; leaving the listing early reads that
   * page out and drops it, so an early `break` costs one request more than it needed.
   */
  readonly readAhead?: boolean;
}

/** A page asked for before it was needed; its failure is reported when it is reached, if it is. */
interface PageAhead {
  readonly token: string;
  readonly response: Promise<S3Response>;
}

/** Read out and drop a page asked for ahead (the connection goes back to the pool). */
const drop = (ahead: PageAhead | undefined) => void ahead?.response.then((r) => r.body.discard(), () => undefined);

/** Every page of a listing, following continuation tokens (one page read ahead, see ListPagesOptions). */
export async function* listObjectsV2Pages(s3: S3CoreBase, input: ListObjectsV2Input, opts: ListPagesOptions = {}): AsyncGenerator<ListObjectsV2Result> {
  const page = (continuationToken: string | undefined) => s3.send(listObjectsV2Request({ ...input, continuationToken }), { signal: opts.signal });
  let token = input.continuationToken;
  let ahead: PageAhead | undefined;
  try {
    for (;;) {
      // As send() would for a page asked for now: an abort is an abort, even with the page here.
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const response = ahead && ahead.token === token ? ahead.response : page(token);
      ahead = undefined;
      const text = await (await response).body.text();
      const next = opts.readAhead === false ? undefined : peekNextContinuationToken(text);
      if (next !== undefined && next !== token) {
        ahead = { token: next, response: page(next) };
        ahead.response.catch(() => undefined);
        // send() reaches the socket a few promise jobs from now; parsing first would hold the
        // request back until the parse is done, and the two would not overlap at all.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const result = parseListObjectsV2(text);
      // The whole page decides: a read-ahead for any other token than the one it names is dropped.
      if (ahead && (!result.isTruncated || ahead.token !== result.nextContinuationToken)) {
        drop(ahead);
        ahead = undefined;
      }
      yield result;
      if (!result.isTruncated) return;
      if (!result.nextContinuationToken || result.nextContinuationToken === token) {
        throw new IntegrityError('BadPagination', 'the listing is truncated but gave no new continuation token');
      }
      token = result.nextContinuationToken;
    }
  } finally {
    drop(ahead);
  }
}

/** Every object under a prefix, across pages. */
export async function* listObjects(s3: S3CoreBase, input: ListObjectsV2Input, opts?: ListPagesOptions): AsyncGenerator<ListObjectsV2Result['contents'][number]> {
  for await (const page of listObjectsV2Pages(s3, input, opts)) yield* page.contents;
}
