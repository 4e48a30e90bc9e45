import { describe, expect, it } from 'vitest';
import { parseError } from '../../src/xml/error.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

describe('parseError', () => {
  it('reads AWS S3 NoSuchKey', () => {
    const xml =
      `${PROLOG}<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>` +
      '<Key>photos/a &amp; b.jpg</Key><RequestId>4442587FB7D0A2F9</RequestId>' +
      '<HostId>ZIqxhq6hTaHkZl7uXvV5oMSGtXqkDGYQK9oJlgnYeKCy6TPjxhWNhNi8x+fTkXxXf2pz8xmwFg0=</HostId></Error>';
    expect(parseError(xml)).toEqual({
      code: 'NoSuchKey',
      message: 'The resource you requested does not exist',
      key: 'photos/a & b.jpg',
      requestId: '4442587FB7D0A2F9',
      hostId: 'ZIqxhq6hTaHkZl7uXvV5oMSGtXqkDGYQK9oJlgnYeKCy6TPjxhWNhNi8x+fTkXxXf2pz8xmwFg0=',
      fields: {
        Code: 'NoSuchKey',
        Message: 'The resource you requested does not exist',
        Key: 'photos/a & b.jpg',
        RequestId: '4442587FB7D0A2F9',
        HostId: 'ZIqxhq6hTaHkZl7uXvV5oMSGtXqkDGYQK9oJlgnYeKCy6TPjxhWNhNi8x+fTkXxXf2pz8xmwFg0=',
      },
    });
  });

  it('reads MinIO NoSuchBucket with BucketName, Resource and Region', () => {
    const xml =
      `${PROLOG}<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope</BucketName>` +
      '<Resource>/nope/</Resource><Region>us-east-1</Region><RequestId>17E2F1C4A9D3B0A1</RequestId>' +
      '<HostId>dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8</HostId></Error>';
    expect(parseError(xml)).toMatchObject({
      code: 'NoSuchBucket',
      bucketName: 'nope',
      resource: '/nope/',
      region: 'us-east-1',
      requestId: '17E2F1C4A9D3B0A1',
    });
  });

  it('reads a redirect (Endpoint) and a wrong-region error (Region)', () => {
    expect(
      parseError('<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket><RequestId>R</RequestId><HostId>H</HostId></Error>'),
    ).toMatchObject({ code: 'PermanentRedirect', endpoint: 'b.s3.eu-west-1.amazonaws.com', fields: { Bucket: 'b' } });
    expect(
      parseError("<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>"),
    ).toMatchObject({ region: 'eu-west-1', message: "the region 'us-east-1' is wrong; expecting 'eu-west-1'" });
  });

  it('keeps per-code extras in fields', () => {
    const xml =
      '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>' +
      '<AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20130524T000000Z</StringToSign>' +
      '<CanonicalRequest>GET\n/\n\nhost:s3.amazonaws.com</CanonicalRequest></Error>';
    const error = parseError(xml);
    expect(error?.fields.StringToSign).toBe('AWS4-HMAC-SHA256\n20130524T000000Z');
    expect(error?.fields.CanonicalRequest).toBe('GET\n/\n\nhost:s3.amazonaws.com');
  });

  it('accepts a namespaced error and a missing message', () => {
    expect(parseError('<Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Code>SlowDown</Code></Error>')).toMatchObject({ code: 'SlowDown', message: '' });
  });

  it.each([
    ['an empty body (HEAD)', ''],
    ['a proxy page', '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'],
    ['plain text', 'Internal Server Error'],
    ['JSON', '{"message":"Forbidden"}'],
    ['a truncated error', '<Error><Code>NoSuchKey</Code><Message>The resource'],
    ['an error without a code', '<Error><Message>oops</Message></Error>'],
    ['an empty code', '<Error><Code> </Code></Error>'],
    ['a DTD', '<!DOCTYPE Error [<!ENTITY e "x">]><Error><Code>&e;</Code></Error>'],
    ['another root', '<ListBucketResult><Name>b</Name></ListBucketResult>'],
    ['broken markup', '<<<>>>'],
  ])('returns undefined for %s', (_, text) => {
    expect(parseError(text)).toBeUndefined();
  });
});
