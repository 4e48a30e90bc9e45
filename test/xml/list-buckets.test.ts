import { describe, expect, it } from 'vitest';
import { parseListBuckets } from '../../src/xml/list-buckets.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('parseListBuckets', () => {
  it('reads AWS S3 (owner first, several buckets)', () => {
    const xml =
      `${PROLOG}<ListAllMyBucketsResult ${NS}><Owner><ID>bcaf1ffd86f461ca5fb16fd081034f</ID><DisplayName>webfile</DisplayName></Owner>` +
      '<Buckets><Bucket><Name>amzn-s3-demo-bucket</Name><CreationDate>2006-02-03T16:45:09.000Z</CreationDate><BucketRegion>us-west-2</BucketRegion></Bucket>' +
      '<Bucket><Name>amzn-s3-demo-bucket2</Name><CreationDate>2006-02-03T16:41:58.000Z</CreationDate></Bucket></Buckets>' +
      '<ContinuationToken>eyJrIjoiYiJ9</ContinuationToken><Prefix>amzn</Prefix></ListAllMyBucketsResult>';
    expect(parseListBuckets(xml)).toEqual({
      buckets: [
        { name: 'amzn-s3-demo-bucket', creationDate: new Date('2006-02-03T16:45:09.000Z'), bucketRegion: 'us-west-2' },
        { name: 'amzn-s3-demo-bucket2', creationDate: new Date('2006-02-03T16:41:58.000Z') },
      ],
      owner: { id: 'bcaf1ffd86f461ca5fb16fd081034f', displayName: 'webfile' },
      continuationToken: 'eyJrIjoiYiJ9',
      prefix: 'amzn',
    });
  });

  it('reads MinIO with a single bucket as a list', () => {
    const xml =
      `${PROLOG}<ListAllMyBucketsResult ${NS}><Owner><ID>02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4</ID><DisplayName>minio</DisplayName></Owner>` +
      '<Buckets><Bucket><Name>test</Name><CreationDate>2024-05-01T10:00:00.123Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';
    const result = parseListBuckets(xml);
    expect(result.buckets).toEqual([{ name: 'test', creationDate: new Date('2024-05-01T10:00:00.123Z') }]);
    expect(result.owner?.displayName).toBe('minio');
  });

  it('reads s3s (buckets first, no display name, pretty-printed)', () => {
    const xml =
      `${PROLOG}<ListAllMyBucketsResult ${NS}>\n  <Buckets>\n    <Bucket>\n      <CreationDate>2024-01-02T03:04:05.000Z</CreationDate>\n      <Name>a</Name>\n    </Bucket>\n  </Buckets>\n` +
      '  <Owner>\n    <ID>owner</ID>\n  </Owner>\n</ListAllMyBucketsResult>';
    expect(parseListBuckets(xml)).toEqual({
      buckets: [{ name: 'a', creationDate: new Date('2024-01-02T03:04:05.000Z') }],
      owner: { id: 'owner' },
    });
  });

  it.each([
    ['an empty Buckets', `<ListAllMyBucketsResult ${NS}><Owner><ID>x</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>`],
    ['a self-closed Buckets', `<ListAllMyBucketsResult ${NS}><Buckets/></ListAllMyBucketsResult>`],
    ['no Buckets at all', `<ListAllMyBucketsResult ${NS}></ListAllMyBucketsResult>`],
    ['a whitespace-only Buckets', `<ListAllMyBucketsResult ${NS}>\n <Buckets>\n </Buckets>\n</ListAllMyBucketsResult>`],
  ])('reads %s as no buckets', (_, xml) => {
    expect(parseListBuckets(xml).buckets).toEqual([]);
  });

  it('treats an empty ContinuationToken as the last page', () => {
    const xml = `<ListAllMyBucketsResult ${NS}><Buckets/><ContinuationToken></ContinuationToken></ListAllMyBucketsResult>`;
    expect(parseListBuckets(xml).continuationToken).toBeUndefined();
  });

  it('refuses a bucket without a name, tolerates one without a date, refuses another root', () => {
    expect(() => parseListBuckets(`<ListAllMyBucketsResult><Buckets><Bucket><CreationDate>2006-02-03T16:45:09.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`)).toThrow(
      /Bucket.Name> is missing/,
    );
    expect(parseListBuckets(`<ListAllMyBucketsResult><Buckets><Bucket><Name>a</Name></Bucket></Buckets></ListAllMyBucketsResult>`).buckets).toEqual([
      { name: 'a' },
    ]);
    expect(() => parseListBuckets('<ListBucketResult/>')).toThrow(/expected <ListAllMyBucketsResult>/);
  });
});
