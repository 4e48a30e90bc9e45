import { describe, expect, it } from 'vitest';
import {
  parseCompleteMultipartUpload,
  parseCompleteMultipartUploadOutcome,
  parseInitiateMultipartUpload,
  parseListMultipartUploads,
  parseListParts,
} from '../../src/xml/multipart.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const UPLOAD_ID = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA';

describe('parseInitiateMultipartUpload', () => {
  it('reads the result, keys with entities and spaces intact', () => {
    const xml = `${PROLOG}<InitiateMultipartUploadResult ${NS}><Bucket>amzn-s3-demo-bucket</Bucket><Key> my &amp; movie.m2ts </Key><UploadId>${UPLOAD_ID}</UploadId></InitiateMultipartUploadResult>`;
    expect(parseInitiateMultipartUpload(xml)).toEqual({ bucket: 'amzn-s3-demo-bucket', key: ' my & movie.m2ts ', uploadId: UPLOAD_ID });
  });

  it('refuses a result without an upload id', () => {
    expect(() => parseInitiateMultipartUpload(`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key></InitiateMultipartUploadResult>`)).toThrow(/UploadId> is missing/);
  });
});

describe('parseCompleteMultipartUploadOutcome', () => {
  const result =
    `<CompleteMultipartUploadResult ${NS}><Location>https://amzn-s3-demo-bucket.s3.amazonaws.com/Example-Object</Location>` +
    '<Bucket>amzn-s3-demo-bucket</Bucket><Key>Example-Object</Key><ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag></CompleteMultipartUploadResult>';

  it('reads the result, ETag exactly as sent', () => {
    expect(parseCompleteMultipartUploadOutcome(PROLOG + result)).toEqual({
      ok: true,
      result: {
        location: 'https://amzn-s3-demo-bucket.s3.amazonaws.com/Example-Object',
        bucket: 'amzn-s3-demo-bucket',
        key: 'Example-Object',
        eTag: '"3858f62230ac3c915f300c664312c11f-9"',
      },
    });
  });

  it('reads the result after keep-alive whitespace', () => {
    const outcome = parseCompleteMultipartUploadOutcome(`${PROLOG}${' '.repeat(40)}\n${' '.repeat(40)}${result}`);
    expect(outcome.ok && outcome.result.key).toBe('Example-Object');
  });

  it('returns the <Error> S3 sends under 200 OK, after keep-alive whitespace', () => {
    const xml =
      `${PROLOG}\n\n      <Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message>` +
      '<RequestId>656c76696e6727732072657175657374</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>';
    const outcome = parseCompleteMultipartUploadOutcome(xml);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toMatchObject({ code: 'InternalError', requestId: '656c76696e6727732072657175657374' });
    }
  });

  it('refuses a body cut off by a dropped connection', () => {
    expect(() => parseCompleteMultipartUploadOutcome(`${PROLOG}     `)).toThrow(/root/);
    expect(() => parseCompleteMultipartUploadOutcome(`${PROLOG}<CompleteMultipartUploadResult ${NS}><Bucket>b</Bucket>`)).toThrow(/not closed/);
  });

  it('the plain form reads the result and names an <Error> it was not meant to see', () => {
    expect(parseCompleteMultipartUpload(result).eTag).toBe('"3858f62230ac3c915f300c664312c11f-9"');
    expect(() => parseCompleteMultipartUpload('<Error><Code>NoSuchUpload</Code></Error>')).toThrow(/got <Error> with code NoSuchUpload/);
  });
});

describe('parseListParts', () => {
  const part = (n: number) =>
    `<Part><PartNumber>${n}</PartNumber><LastModified>2010-11-10T20:48:34.000Z</LastModified><ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag><Size>10485760</Size></Part>`;

  it('reads a truncated page of parts', () => {
    const xml =
      `${PROLOG}<ListPartsResult ${NS}><Bucket>example-bucket</Bucket><Key>example-object</Key><UploadId>${UPLOAD_ID}</UploadId>` +
      '<Initiator><ID>arn:aws:iam::111122223333:user/some-user</ID><DisplayName>umat-user</DisplayName></Initiator>' +
      '<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>someName</DisplayName></Owner>' +
      '<StorageClass>STANDARD</StorageClass><PartNumberMarker>1</PartNumberMarker><NextPartNumberMarker>3</NextPartNumberMarker>' +
      `<MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>${part(2)}${part(3)}</ListPartsResult>`;
    expect(parseListParts(xml)).toEqual({
      bucket: 'example-bucket',
      key: 'example-object',
      uploadId: UPLOAD_ID,
      partNumberMarker: 1,
      nextPartNumberMarker: 3,
      maxParts: 2,
      isTruncated: true,
      storageClass: 'STANDARD',
      parts: [2, 3].map((partNumber) => ({
        partNumber,
        lastModified: new Date('2010-11-10T20:48:34.000Z'),
        eTag: '"7778aef83f66abc1fa1e8477f296d394"',
        size: 10485760,
      })),
    });
  });

  it('reads one part as a list and no parts as an empty one (MinIO style)', () => {
    const head = `<ListPartsResult ${NS}><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>`;
    expect(parseListParts(`${head}${part(1).replace(/"/g, '&#34;')}</ListPartsResult>`).parts).toEqual([
      { partNumber: 1, lastModified: new Date('2010-11-10T20:48:34.000Z'), eTag: '"7778aef83f66abc1fa1e8477f296d394"', size: 10485760 },
    ]);
    expect(parseListParts(`${head}</ListPartsResult>`)).toMatchObject({ partNumberMarker: 0, isTruncated: false, parts: [] });
  });

  it('refuses a part without a number', () => {
    const xml = `<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId><IsTruncated>false</IsTruncated><Part><Size>1</Size></Part></ListPartsResult>`;
    expect(() => parseListParts(xml)).toThrow(/Part.PartNumber> is missing/);
  });
});

describe('parseListMultipartUploads', () => {
  const upload = (key: string, id: string) =>
    `<Upload><Key>${key}</Key><UploadId>${id}</UploadId><Initiator><ID>arn:aws:iam::111122223333:user/user1</ID><DisplayName>user1</DisplayName></Initiator>` +
    '<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner><StorageClass>STANDARD</StorageClass>' +
    '<Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload>';

  it('reads a page with markers, uploads and common prefixes', () => {
    const xml =
      `${PROLOG}<ListMultipartUploadsResult ${NS}><Bucket>bucket</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
      '<NextKeyMarker>my-movie.m2ts</NextKeyMarker><NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>' +
      '<Delimiter>/</Delimiter><Prefix></Prefix><MaxUploads>3</MaxUploads><IsTruncated>true</IsTruncated>' +
      upload('my-divisor', 'XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw') +
      upload('my-movie.m2ts', 'VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA') +
      '<CommonPrefixes><Prefix>photos/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>videos/</Prefix></CommonPrefixes></ListMultipartUploadsResult>';
    expect(parseListMultipartUploads(xml)).toMatchObject({
      bucket: 'bucket',
      keyMarker: '',
      uploadIdMarker: '',
      nextKeyMarker: 'my-movie.m2ts',
      nextUploadIdMarker: 'YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ',
      delimiter: '/',
      prefix: '',
      maxUploads: 3,
      isTruncated: true,
      uploads: [
        { key: 'my-divisor', uploadId: 'XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw', initiated: new Date('2010-11-10T20:48:33.000Z'), storageClass: 'STANDARD' },
        { key: 'my-movie.m2ts', uploadId: 'VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA' },
      ],
      commonPrefixes: [{ prefix: 'photos/' }, { prefix: 'videos/' }],
    });
  });

  it('reads no uploads as empty lists', () => {
    const xml = `<ListMultipartUploadsResult ${NS}><Bucket>b</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`;
    expect(parseListMultipartUploads(xml)).toMatchObject({ uploads: [], commonPrefixes: [] });
  });

  it('decodes keys and markers when EncodingType is url, never upload ids', () => {
    const xml =
      `<ListMultipartUploadsResult ${NS}><Bucket>b</Bucket><KeyMarker>a+b</KeyMarker><NextKeyMarker>c%2Bd</NextKeyMarker>` +
      '<NextUploadIdMarker>id+%2B</NextUploadIdMarker><Prefix>p%20q/</Prefix><Delimiter>%2F</Delimiter><IsTruncated>true</IsTruncated>' +
      `<EncodingType>url</EncodingType>${upload('p+q/%E2%82%AC%0D', 'x+y')}<CommonPrefixes><Prefix>p+q/r/</Prefix></CommonPrefixes></ListMultipartUploadsResult>`;
    expect(parseListMultipartUploads(xml)).toMatchObject({
      keyMarker: 'a b',
      nextKeyMarker: 'c+d',
      nextUploadIdMarker: 'id+%2B',
      prefix: 'p q/',
      delimiter: '/',
      uploads: [{ key: 'p q/€\r', uploadId: 'x+y' }],
      commonPrefixes: [{ prefix: 'p q/r/' }],
    });
  });
});
