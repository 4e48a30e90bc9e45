// Bad input is refused with a typed error before any request leaves the client.
import { describe, expect, it } from 'vitest';
import { ArgumentError, S3Client, ServiceError, isS3WireError } from '../../src/index.ts';
import { noNetwork as noNetworkTransport } from './no-network.ts';

const SECRET = 'sEcReT/kEy+ThatMustNeverShow0123456789';
const noNetwork = noNetworkTransport();
const calls = noNetwork.calls;
const s3 = new S3Client({
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: SECRET, sessionToken: 'TOKEN-must-not-show' },
  transport: noNetwork,
});

async function refused(p: Promise<unknown>, code: string): Promise<ArgumentError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ArgumentError);
  expect(isS3WireError(e)).toBe(true);
  expect((e as ArgumentError).code).toBe(code);
  expect((e as Error).message).not.toContain(SECRET);
  return e as ArgumentError;
}

describe('input checks before any I/O', () => {
  it.each([
    ['', 'empty'],
    ['ab', 'too short'],
    ['a'.repeat(64), 'too long'],
    ['MyBucket', 'upper case'],
    ['my_bucket', 'underscore'],
    ['-bucket', 'leading hyphen'],
    ['bucket-', 'trailing hyphen'],
    ['my..bucket', 'adjacent dots'],
    ['192.168.1.1', 'IP address'],
    ['xn--bucket', 'xn-- prefix'],
  ])('bucket %j (%s) is InvalidBucketName', async (bucket) => {
    await refused(s3.createBucket({ bucket }), 'InvalidBucketName');
    await refused(s3.getObject({ bucket, key: 'k' }), 'InvalidBucketName');
  });

  it('keys: empty, over 1024 bytes, unpaired surrogate', async () => {
    await refused(s3.putObject({ bucket: 'okbucket', key: '', body: 'x' }), 'InvalidKey');
    await refused(s3.putObject({ bucket: 'okbucket', key: 'é'.repeat(513), body: 'x' }), 'KeyTooLong');
    await refused(s3.getObject({ bucket: 'okbucket', key: 'bad\uD800key' }), 'InvalidKey');
  });

  it('key length is counted in UTF-8 bytes, whatever the number of UTF-16 units', async () => {
    const before = calls.length;
    // 341 x 3 bytes = 1023 and 256 x 4 bytes = 1024: accepted.
    await expect(s3.headObject({ bucket: 'okbucket', key: '\u20ac'.repeat(341) })).rejects.toThrow();
    await expect(s3.headObject({ bucket: 'okbucket', key: '\u{1F600}'.repeat(256) })).rejects.toThrow();
    expect(calls.length).toBe(before + 2);
    // 342 x 3 = 1026, 256 x 4 + 1 = 1025, 1025 x 1: refused.
    await refused(s3.headObject({ bucket: 'okbucket', key: '\u20ac'.repeat(342) }), 'KeyTooLong');
    await refused(s3.headObject({ bucket: 'okbucket', key: '\u{1F600}'.repeat(256) + 'a' }), 'KeyTooLong');
    await refused(s3.headObject({ bucket: 'okbucket', key: 'k'.repeat(1025) }), 'KeyTooLong');
    expect(calls.length).toBe(before + 2);
  });

  it('a bucket name is checked every time it changes, the same bad name refused each time', async () => {
    for (const bucket of ['okbucket', 'Bad_Bucket', 'okbucket', 'Bad_Bucket', 'okbucket2', 'ab']) {
      if (bucket === 'okbucket' || bucket === 'okbucket2') await expect(s3.headObject({ bucket, key: 'k' })).rejects.not.toBeInstanceOf(ArgumentError);
      else await refused(s3.headObject({ bucket, key: 'k' }), 'InvalidBucketName');
    }
  });

  it('a 1024-byte key is accepted as far as the transport', async () => {
    const before = calls.length;
    await expect(s3.headObject({ bucket: 'okbucket', key: 'k'.repeat(1024) })).rejects.toThrow();
    expect(calls.length).toBe(before + 1);
  });

  it.each([0, 10001, 1.5, -1, Number.NaN])('part number %s is InvalidPartNumber', async (partNumber) => {
    await refused(s3.uploadPart({ bucket: 'okbucket', key: 'k', uploadId: 'u', partNumber, body: 'x' }), 'InvalidPartNumber');
  });

  it.each([0, 604801, 2.5, -5])('expiresIn %s is InvalidExpires', async (expiresIn) => {
    await refused(s3.presignGetObject({ bucket: 'okbucket', key: 'k', expiresIn }), 'InvalidExpires');
    await refused(s3.presignPutObject({ bucket: 'okbucket', key: 'k', expiresIn }), 'InvalidExpires');
  });

  it('expiresIn 1 and 604800 are accepted', async () => {
    for (const expiresIn of [1, 604800]) {
      const p = await s3.presignGetObject({ bucket: 'okbucket', key: 'k', expiresIn });
      expect(new URL(p.url).searchParams.get('X-Amz-Expires')).toBe(String(expiresIn));
    }
  });

  it('a PUT with a bad bucket and bad metadata is refused for the bucket (checked first)', async () => {
    await refused(s3.putObject({ bucket: 'Bad_Bucket', key: 'k', body: 'x', metadata: { 'bad name': 'v' } }), 'InvalidBucketName');
    await refused(s3.putObject({ bucket: 'okbucket', key: '', body: 'x', metadata: { 'bad name': 'v' } }), 'InvalidKey');
  });

  it('metadata names and values must be header-safe', async () => {
    await refused(s3.putObject({ bucket: 'okbucket', key: 'k', body: 'x', metadata: { 'bad name': 'v' } }), 'InvalidMetadata');
    await refused(s3.putObject({ bucket: 'okbucket', key: 'k', body: 'x', metadata: { ok: 'line\nbreak' } }), 'InvalidMetadata');
  });

  it('completeMultipartUpload needs parts, each once', async () => {
    await refused(s3.completeMultipartUpload({ bucket: 'okbucket', key: 'k', uploadId: 'u', parts: [] }), 'InvalidArgument');
    await refused(
      s3.completeMultipartUpload({ bucket: 'okbucket', key: 'k', uploadId: 'u', parts: [{ partNumber: 1, eTag: 'a' }, { partNumber: 1, eTag: 'b' }] }),
      'InvalidArgument',
    );
  });

  it('deleteObjects checks every key before sending any batch', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
    keys[2400] = '';
    await refused(s3.deleteObjects({ bucket: 'okbucket', keys }), 'InvalidKey');
  });

  it('sent nothing but the accepted requests', () => {
    // the 1024-byte key, the two at 1023 and 1024 bytes, and okbucket, okbucket and okbucket2.
    expect(calls).toHaveLength(6);
  });
});

describe('configuration', () => {
  it('refuses a bad endpoint and missing credentials', () => {
    expect(() => new S3Client({ endpoint: 'not a url', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })).toThrow(ArgumentError);
    expect(() => new S3Client({ endpoint: 'ftp://127.0.0.1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })).toThrow(/http or https/);
    expect(() => new S3Client({ endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: '', secretAccessKey: 'b' } })).toThrow(/accessKeyId/);
  });
});

describe('ServiceError', () => {
  it('names the usual failures with a hint, and never the secret', () => {
    const e = new ServiceError({ status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match', bucket: 'b', key: 'k' });
    expect(e.message).toMatch(/secret key/);
    expect(e.message).toMatch(/clock/);
    expect(e.message).toMatch(/proxy/);
    const r = new ServiceError({ status: 301, code: 'PermanentRedirect', message: '' });
    expect(r.message).toMatch(/path-style/);
  });
});
