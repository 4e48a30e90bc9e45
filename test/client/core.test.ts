// S3Core: the small client. What it leaves to S3Client (checksums, aws-chunked signing, streams of
// unknown length) is refused with a typed error before any request leaves it.
import { describe, expect, it } from 'vitest';
import * as node from '../../src/index.ts';
import * as web from '../../src/index.web.ts';
import { ArgumentError, S3Client, S3Core, S3CoreBase, getObject, putObject, uploadPart } from '../../src/index.ts';
import { noNetwork as noNetworkTransport } from './no-network.ts';

const noNetwork = noNetworkTransport();
const calls = noNetwork.calls;
const options = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' }, transport: noNetwork };

async function refused(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ArgumentError);
  expect((e as ArgumentError).code).toBe(code);
}

async function* stream(): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(3);
}

describe('S3Core', () => {
  for (const [name, entry] of [['node', node], ['web', web]] as const) {
    it(`${name} entry: refuses what is only in S3Client, before any request`, async () => {
      calls.length = 0;
      const s3 = new entry.S3Core(options);
      await refused(putObject(s3, { bucket: 'bucket', key: 'k', body: 'x', checksumAlgorithm: 'CRC32' }), 'NotSupported');
      await refused(uploadPart(s3, { bucket: 'bucket', key: 'k', uploadId: 'u', partNumber: 1, body: 'x', checksumAlgorithm: 'SHA256' }), 'NotSupported');
      await refused(putObject(s3, { bucket: 'bucket', key: 'k', body: stream() }), 'MissingContentLength');
      await refused(putObject(s3, { bucket: 'bucket', key: 'k', body: stream(), contentLength: 3, streamingSignature: true }), 'NotSupported');
      expect(() => new entry.S3Core({ ...options, streamingSignature: true })).toThrow(ArgumentError);
      // Bad input is still refused by the operation itself.
      await refused(getObject(s3, { bucket: 'No_Such', key: 'k' }), 'InvalidBucketName');
      expect(calls).toEqual([]);
    });
  }

  it('S3Client is an S3Core: the operation functions take either', async () => {
    const full = new S3Client(options);
    expect(full).toBeInstanceOf(S3CoreBase);
    expect(new S3Core(options)).toBeInstanceOf(S3CoreBase);
    expect(new S3Core(options)).not.toBeInstanceOf(S3Client);
    // The full client sends what the core refuses: it gets as far as the transport.
    calls.length = 0;
    const e = await putObject(full, { bucket: 'bucket', key: 'k', body: 'x', checksumAlgorithm: 'CRC32' }).catch((err: unknown) => err);
    expect(e).not.toBeInstanceOf(ArgumentError);
    expect(calls).toEqual(['PUT /bucket/k']);
  });

  it('never shows the secret key', () => {
    const s3 = new S3Core(options);
    expect(JSON.stringify(s3)).not.toContain('not-a-secret');
    expect(JSON.stringify(s3)).toContain('AKIDEXAMPLE');
  });
});
