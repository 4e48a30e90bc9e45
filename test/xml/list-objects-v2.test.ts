import { describe, expect, it } from 'vitest';
import { parseListObjectsV2, peekNextContinuationToken } from '../../src/xml/list-objects-v2.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function contents(key: string, extra = ''): string {
  return (
    `<Contents><Key>${key}</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>` +
    `<ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass>${extra}</Contents>`
  );
}

describe('parseListObjectsV2', () => {
  it('reads an AWS S3 page with a delimiter', () => {
    const xml =
      `${PROLOG}<ListBucketResult ${NS}><Name>amzn-s3-demo-bucket</Name><Prefix>photos/</Prefix><KeyCount>3</KeyCount>` +
      '<MaxKeys>3</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>' +
      '<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>' +
      contents('photos/a.jpg') +
      contents('photos/b.jpg') +
      '<CommonPrefixes><Prefix>photos/2006/</Prefix></CommonPrefixes></ListBucketResult>';
    expect(parseListObjectsV2(xml)).toEqual({
      name: 'amzn-s3-demo-bucket',
      prefix: 'photos/',
      delimiter: '/',
      maxKeys: 3,
      keyCount: 3,
      isTruncated: true,
      nextContinuationToken: '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=',
      contents: ['photos/a.jpg', 'photos/b.jpg'].map((key) => ({
        key,
        lastModified: new Date('2009-10-12T17:50:30.000Z'),
        eTag: '"fba9dede5f27731c9771645a39863328"',
        size: 434234,
        storageClass: 'STANDARD',
      })),
      commonPrefixes: [{ prefix: 'photos/2006/' }],
    });
  });

  it('reads MinIO: ETag quotes as &#34;, one object still a list, owner with fetch-owner', () => {
    const xml =
      `${PROLOG}<ListBucketResult ${NS}><Name>test</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>` +
      '<IsTruncated>false</IsTruncated><Contents><Key>hello.txt</Key><LastModified>2024-05-01T10:00:00.123Z</LastModified>' +
      '<ETag>&#34;5d41402abc4b2a76b9719d911017c592&#34;</ETag><Size>5</Size>' +
      '<Owner><ID>02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4</ID><DisplayName>minio</DisplayName></Owner>' +
      '<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>';
    const result = parseListObjectsV2(xml);
    expect(result.contents).toHaveLength(1);
    expect(result.contents[0]).toMatchObject({ key: 'hello.txt', eTag: '"5d41402abc4b2a76b9719d911017c592"', size: 5 });
    expect(result.contents[0]?.owner).toEqual({ id: '02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4', displayName: 'minio' });
    expect(result).toMatchObject({ prefix: '', isTruncated: false, maxKeys: 1000, commonPrefixes: [] });
  });

  it('reads an empty bucket', () => {
    const xml = `<ListBucketResult ${NS}><Name>empty</Name><Prefix/><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toMatchObject({ name: 'empty', prefix: '', keyCount: 0, contents: [], commonPrefixes: [] });
  });

  it('keeps keys byte-exact: entities, spaces at the edges, whitespace-only, unicode, control characters', () => {
    const keys = ['a &amp; b', '  lead and trail  ', '   ', 'ünïcødé/日本語/😀.txt', 'tab&#x9;nl&#xA;cr&#xD;', '&lt;tag&gt; &quot;q&quot; &apos;a&apos;', 'ctl&#x1;'];
    const xml = `<ListBucketResult ${NS}><Name>b</Name><IsTruncated>false</IsTruncated>${keys.map((k) => contents(k)).join('')}</ListBucketResult>`;
    expect(parseListObjectsV2(xml).contents.map((c) => c.key)).toEqual([
      'a & b',
      '  lead and trail  ',
      '   ',
      'ünïcødé/日本語/😀.txt',
      'tab\tnl\ncr\r',
      `<tag> "q" 'a'`,
      'ctl\u0001',
    ]);
  });

  it('decodes names when EncodingType is url, and only those names', () => {
    const xml =
      `<ListBucketResult ${NS}><Name>b</Name><Prefix>dir%20one/</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys>` +
      '<Delimiter>%2F</Delimiter><IsTruncated>true</IsTruncated><EncodingType>url</EncodingType>' +
      '<StartAfter>dir+one/0</StartAfter><ContinuationToken>a%2Bb+c</ContinuationToken><NextContinuationToken>x+y%2F</NextContinuationToken>' +
      contents('dir+one/a%2Bb+c.txt') +
      contents('dir%20one/%01ctl%0A%E6%97%A5%F0%9F%98%80') +
      '<CommonPrefixes><Prefix>dir+one/sub%26dir/</Prefix></CommonPrefixes></ListBucketResult>';
    const result = parseListObjectsV2(xml);
    expect(result.prefix).toBe('dir one/');
    expect(result.delimiter).toBe('/');
    expect(result.startAfter).toBe('dir one/0');
    expect(result.contents.map((c) => c.key)).toEqual(['dir one/a+b c.txt', 'dir one/\u0001ctl\n日😀']);
    expect(result.commonPrefixes).toEqual([{ prefix: 'dir one/sub&dir/' }]);
    // Tokens are opaque: never decoded.
    expect(result.continuationToken).toBe('a%2Bb+c');
    expect(result.nextContinuationToken).toBe('x+y%2F');
    expect(result.encodingType).toBe('url');
  });

  it('leaves names alone without EncodingType', () => {
    const xml = `<ListBucketResult ${NS}><Name>b</Name><Prefix>a+b%20</Prefix><IsTruncated>false</IsTruncated>${contents('a+b%20c')}</ListBucketResult>`;
    const result = parseListObjectsV2(xml);
    expect(result.prefix).toBe('a+b%20');
    expect(result.contents[0]?.key).toBe('a+b%20c');
  });

  it('counts keys itself when a server leaves KeyCount out', () => {
    const xml = `<ListBucketResult ${NS}><Name>b</Name><IsTruncated>false</IsTruncated>${contents('a')}<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListBucketResult>`;
    expect(parseListObjectsV2(xml).keyCount).toBe(2);
  });

  it('tolerates what S3-compatible servers leave out (s3s-fs: ETag; IsTruncated, dates)', () => {
    const xml = `<ListBucketResult ${NS}><Name>b</Name><Contents><Key>a</Key><Size>3</Size></Contents></ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toMatchObject({ isTruncated: false, contents: [{ key: 'a', size: 3, eTag: undefined, lastModified: undefined }] });
  });

  it('refuses entries without a key or size, unreadable values and a cut-off page', () => {
    const head = `<ListBucketResult ${NS}><Name>b</Name><IsTruncated>true</IsTruncated>`;
    expect(() => parseListObjectsV2(`${head}<Contents><Size>1</Size></Contents></ListBucketResult>`)).toThrow(/Contents.Key> is missing/);
    expect(() => parseListObjectsV2(`${head}<Contents><Key>a</Key></Contents></ListBucketResult>`)).toThrow(/Contents.Size> is missing/);
    expect(() => parseListObjectsV2(`${head}${contents('a').replace('434234', '4e5')}</ListBucketResult>`)).toThrow(/not an integer/);
    expect(() => parseListObjectsV2(`<ListBucketResult><Name>b</Name><IsTruncated>maybe</IsTruncated></ListBucketResult>`)).toThrow(/not a boolean/);
    // The page a dropped connection leaves must not pass for a last page.
    expect(() => parseListObjectsV2(`${head}${contents('a')}`)).toThrow(/not closed/);
  });
});

describe('peekNextContinuationToken', () => {
  const page = (head: string, body = contents('a') + contents('b')) => `${PROLOG}<ListBucketResult ${NS}>${head}${body}</ListBucketResult>`;

  it('reads the token where AWS, MinIO and s3s put it: before the first entry', () => {
    // AWS (the API reference's example order).
    const aws = page('<Name>b</Name><Prefix/><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>');
    expect(peekNextContinuationToken(aws)).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=');
    expect(peekNextContinuationToken(aws)).toBe(parseListObjectsV2(aws).nextContinuationToken);
    // s3s (IsTruncated before the token), and a page that starts with common prefixes.
    const s3s = page('<Name>b</Name><MaxKeys>2</MaxKeys><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>k/1</NextContinuationToken>', '<CommonPrefixes><Prefix>j/</Prefix></CommonPrefixes>' + contents('k/1'));
    expect(peekNextContinuationToken(s3s)).toBe('k/1');
  });

  it('decodes the token as the whole-page parse does', () => {
    const xml = page('<Name>b</Name><IsTruncated>true</IsTruncated><NextContinuationToken>a&amp;b&#x2F;c</NextContinuationToken>');
    expect(peekNextContinuationToken(xml)).toBe('a&b/c');
    expect(parseListObjectsV2(xml).nextContinuationToken).toBe('a&b/c');
  });

  it('says nothing unless the head says the page is truncated and names the next token', () => {
    // Not truncated, or truncated without a token in the head.
    expect(peekNextContinuationToken(page('<Name>b</Name><IsTruncated>false</IsTruncated><NextContinuationToken>t</NextContinuationToken>'))).toBeUndefined();
    expect(peekNextContinuationToken(page('<Name>b</Name><IsTruncated>true</IsTruncated>'))).toBeUndefined();
    // The token after the entries (a server with another order): only the whole page knows it.
    const late = page('<Name>b</Name><IsTruncated>true</IsTruncated>', contents('a') + '<NextContinuationToken>t</NextContinuationToken>');
    expect(peekNextContinuationToken(late)).toBeUndefined();
    expect(parseListObjectsV2(late).nextContinuationToken).toBe('t');
    // No entries at all, an empty token, another document, or no XML.
    expect(peekNextContinuationToken(page('<Name>b</Name><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken>', ''))).toBeUndefined();
    expect(peekNextContinuationToken(page('<Name>b</Name><IsTruncated>true</IsTruncated><NextContinuationToken></NextContinuationToken>'))).toBeUndefined();
    expect(peekNextContinuationToken(`<Error><Code>InternalError</Code><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken><Contents></Contents></Error>`)).toBeUndefined();
    expect(peekNextContinuationToken('<Contents>')).toBeUndefined();
    expect(peekNextContinuationToken('<!DOCTYPE x><ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken><Contents>')).toBeUndefined();
  });
});
