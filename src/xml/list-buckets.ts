// ListBuckets: <ListAllMyBucketsResult>.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
import { readOwner, type Owner } from './owner.ts';
import { childDate, childElement, childElements, childText, expectRoot, parseXml, required } from './parser.ts';

export interface Bucket {
  name: string;
  creationDate: Date | undefined;
  /** Only AWS sends it, and only with the newer paginated ListBuckets. */
  bucketRegion?: string;
}

export interface ListBucketsResult {
  buckets: Bucket[];
  owner?: Owner;
  /** Set when more buckets remain (paginated ListBuckets, max-buckets). */
  continuationToken?: string;
  prefix?: string;
}

export function parseListBuckets(text: string): ListBucketsResult {
  const root = expectRoot(parseXml(text), 'ListAllMyBucketsResult');
  return {
    buckets: childElements(childElement(root, 'Buckets') ?? {}, 'Bucket').map((bucket) => ({
      name: required(childText(bucket, 'Name'), 'Bucket.Name'),
      creationDate: childDate(bucket, 'CreationDate'),
      bucketRegion: childText(bucket, 'BucketRegion'),
    })),
    owner: readOwner(childElement(root, 'Owner')),
    // An empty element means the last page, as an absent one does.
    continuationToken: childText(root, 'ContinuationToken') || undefined,
    prefix: childText(root, 'Prefix'),
  };
}
