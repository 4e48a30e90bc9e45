// The guide's troubleshooting table, against every live server: a wrong secret
// (SignatureDoesNotMatch), an unknown access key, a server that is not there (connection refused,
// a name that does not resolve), a clock that is off, missing buckets and keys on GET and HEAD,
// request ids; and that no form of an error (String, message, JSON, util.inspect, stack) carries
// the secret key, the session token or the signature.
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NetworkError, S3WireError, ServiceError, isServiceError } from '../../src/index.ts';
import { liveServers } from '../servers/servers.ts';
import { destroyBucket, recordingTransport, useLive, type Exchange } from './helpers/live.ts';
import { quirksOf } from './helpers/quirks.ts';

async function caught(p: Promise<unknown>): Promise<S3WireError> {
  const e = await p.then(
    () => expect.fail('expected the call to fail'),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(S3WireError);
  return e as S3WireError;
}

/** Every way an error gets printed or logged. */
function renderings(e: Error): Record<string, string> {
  return {
    string: String(e),
    message: e.message,
    json: JSON.stringify(e),
    inspect: inspect(e),
    inspectDeep: inspect(e, { showHidden: true, depth: Infinity }),
    stack: e.stack ?? '',
  };
}

function expectNoneContain(e: Error, secrets: readonly string[]): void {
  for (const [how, text] of Object.entries(renderings(e))) {
    for (const s of secrets) expect(text.includes(s), `${how} of ${e.name} reveals a secret`).toBe(false);
  }
}

/** The signature of a request, from its Authorization header. */
function signatureOf(x: Exchange | undefined): string {
  const sig = /Signature=([0-9a-f]{64})/.exec(x?.headers.authorization ?? '')?.[1];
  expect(sig, 'the request was signed').toBeDefined();
  return sig!;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const fakeSecret = () => randomBytes(30).toString('base64');
const fakeToken = () => 'IQoJb3JpZ2luX2VjE' + randomBytes(48).toString('base64');

describe.each(liveServers())('errors on $name', (server) => {
  const live = useLive(server, 'errors');
  const quirks = quirksOf(server.name);

  it('a wrong secret key: SignatureDoesNotMatch (403) with the hint, and no secret or signature in it', async () => {
    const transport = recordingTransport();
    const wrongSecret = fakeSecret();
    const s3 = live.client({ transport, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: wrongSecret } });
    const { bucket } = live;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['ListObjectsV2', () => s3.listObjectsV2({ bucket })],
      ['PutObject', () => s3.putObject({ bucket, key: 'k.txt', body: 'never stored' })],
      ['GetObject', () => s3.getObject({ bucket, key: 'k.txt' })],
    ];
    for (const [what, call] of calls) {
      const e = await caught(call());
      expect(e, what).toBeInstanceOf(ServiceError);
      const se = e as ServiceError;
      expect([se.status, se.code], what).toEqual([403, 'SignatureDoesNotMatch']);
      expect(se.bucket).toBe(bucket);
      // The troubleshooting hint: what to check.
      expect(se.message).toMatch(/secret key/);
      expect(se.message).toMatch(/clock/);
      expect(se.message.startsWith('SignatureDoesNotMatch: ')).toBe(true);
      expect(se.endpoint).toBe(server.endpoint);
      const sent = transport.log.at(-1);
      if (quirks.requestIds) expect(se.requestId).toBe(sent?.responseHeaders?.['x-amz-request-id']);
      else expect(se.requestId).toBeUndefined();
      expectNoneContain(se, [wrongSecret, server.secretAccessKey, signatureOf(sent)]);
    }
    // A HEAD answer has no body: MinIO names the code in a header, otherwise the status tells only AccessDenied.
    const head = (await caught(s3.headObject({ bucket, key: 'k.txt' }))) as ServiceError;
    expect([head.status, head.code]).toEqual([403, quirks.headErrorCodeHeader ? 'SignatureDoesNotMatch' : 'AccessDenied']);
    expectNoneContain(head, [wrongSecret, server.secretAccessKey, signatureOf(transport.log.at(-1))]);
    // Nothing was written.
    expect((await live.s3.listObjectsV2({ bucket })).contents).toEqual([]);
  });

  it('an unknown access key is refused (403) without revealing the secret', async () => {
    const transport = recordingTransport();
    const secret = fakeSecret();
    const s3 = live.client({ transport, credentials: { accessKeyId: 'AKIA' + randomBytes(8).toString('hex').toUpperCase(), secretAccessKey: secret } });
    const e = (await caught(s3.listObjectsV2({ bucket: live.bucket }))) as ServiceError;
    expect(e).toBeInstanceOf(ServiceError);
    // S3 and MinIO: InvalidAccessKeyId; s3s-fs: NotSignedUp.
    expect([e.status, e.code]).toEqual([403, quirks.unknownAccessKeyCode]);
    if (e.code === 'InvalidAccessKeyId') expect(e.message).toMatch(/does not know this access key/);
    expectNoneContain(e, [secret, server.secretAccessKey, signatureOf(transport.log.at(-1))]);
  });

  it('a session token: the server rejects a made-up one or ignores it, and no error shows it', async () => {
    const transport = recordingTransport();
    const token = fakeToken();
    const s3 = live.client({ transport, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, sessionToken: token } });
    const { bucket } = live;
    expect(transport.log).toEqual([]);
    const r = await s3.listObjectsV2({ bucket }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(transport.log[0]?.headers['x-amz-security-token']).toBe(token);
    if (quirks.badSessionToken === undefined) {
      // s3s-fs does not look at the token: the request goes through. Make it fail another way.
      expect(r).toBeUndefined();
      const e = (await caught(s3.getObject({ bucket, key: 'missing' }))) as ServiceError;
      expect(e.code).toBe('NoSuchKey');
      expectNoneContain(e, [token, server.secretAccessKey, signatureOf(transport.log.at(-1))]);
    } else {
      expect(r).toBeInstanceOf(ServiceError);
      expect([(r as ServiceError).status, (r as ServiceError).code]).toEqual([quirks.badSessionToken.status, quirks.badSessionToken.code]);
      expectNoneContain(r as ServiceError, [token, server.secretAccessKey, signatureOf(transport.log.at(-1))]);
    }
    // Nor does logging the client.
    for (const text of [inspect(s3, { depth: Infinity }), JSON.stringify(s3)]) {
      expect(text.includes(token)).toBe(false);
      expect(text.includes(server.secretAccessKey)).toBe(false);
      expect(text).toContain(server.accessKeyId);
    }
  });

  it('connection refused: NetworkError ECONNREFUSED naming the endpoint, no secret in it', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const token = fakeToken();
    const s3 = live.client({ endpoint, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, sessionToken: token } });
    for (const call of [() => s3.listObjectsV2({ bucket: live.bucket }), () => s3.putObject({ bucket: live.bucket, key: 'x', body: 'y' }), () => s3.headObject({ bucket: live.bucket, key: 'x' })]) {
      const e = await caught(call());
      expect(e).toBeInstanceOf(NetworkError);
      expect(e.code).toBe('ECONNREFUSED');
      expect((e as NetworkError).endpoint).toBe(endpoint);
      expect(e.message).toContain(endpoint);
      expect(e.message).toMatch(/connection refused/);
      expect(isServiceError(e)).toBe(false);
      expectNoneContain(e, [server.secretAccessKey, token]);
    }
  });

  it('a host name that does not resolve: NetworkError naming the endpoint', async () => {
    const endpoint = `http://s3wire-${randomBytes(4).toString('hex')}.invalid:9000`;
    const s3 = live.client({ endpoint });
    const e = await caught(s3.listObjectsV2({ bucket: live.bucket }));
    expect(e).toBeInstanceOf(NetworkError);
    // ENOTFOUND where DNS answers; EAI_AGAIN where there is no resolver at all.
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(e.code);
    expect(e.message).toContain(endpoint);
    expect(e.message).toMatch(/does not resolve/);
    expectNoneContain(e, [server.secretAccessKey]);
  });

  it("a clock an hour off: RequestTimeTooSkewed with the clock hint", async () => {
    const s3 = live.client({ now: () => new Date(Date.now() - 3600_000) });
    const e = (await caught(s3.listObjectsV2({ bucket: live.bucket }))) as ServiceError;
    expect([e.status, e.code]).toEqual([403, 'RequestTimeTooSkewed']);
    expect(e.message).toMatch(/clock/);
  });

  it('NoSuchKey and NoSuchBucket on GET, HEAD, list and delete, with the request id', async () => {
    const transport = recordingTransport();
    const s3 = live.client({ transport });
    const { bucket } = live;
    const missingBucket = `${bucket}-missing`;
    const check = async (call: () => Promise<unknown>, status: number, code: string, where: { bucket: string; key?: string }) => {
      const e = (await caught(call())) as ServiceError;
      expect(e).toBeInstanceOf(ServiceError);
      expect([e.status, e.code], JSON.stringify(where)).toEqual([status, code]);
      expect(e.bucket).toBe(where.bucket);
      expect(e.key).toBe(where.key);
      expect(e.message).toContain(JSON.stringify(where.bucket));
      if (where.key !== undefined) expect(e.message).toContain(JSON.stringify(where.key));
      expect(e.message).toMatch(code === 'NoSuchKey' ? /the object \(or its bucket\) does not exist/ : /the bucket does not exist/);
      const res = transport.log.at(-1)!.responseHeaders!;
      if (quirks.requestIds) {
        expect(e.requestId).toMatch(/\S/);
        expect(e.requestId).toBe(res['x-amz-request-id']);
      } else expect(e.requestId).toBeUndefined();
      return e;
    };
    await check(() => s3.getObject({ bucket, key: 'no such key' }), 404, 'NoSuchKey', { bucket, key: 'no such key' });
    await check(() => s3.headObject({ bucket, key: 'no such key' }), 404, 'NoSuchKey', { bucket, key: 'no such key' });
    // s3s-fs opens the file before it checks the bucket: GET says NoSuchKey.
    await check(() => s3.getObject({ bucket: missingBucket, key: 'k' }), 404, quirks.getMissingBucketCode, { bucket: missingBucket, key: 'k' });
    // HEAD has no body: the code comes from the status (a 404 with a key reads as NoSuchKey),
    // unless the server names it in a header (MinIO).
    await check(() => s3.headObject({ bucket: missingBucket, key: 'k' }), 404, quirks.headErrorCodeHeader ? 'NoSuchBucket' : 'NoSuchKey', { bucket: missingBucket, key: 'k' });
    await check(() => s3.headBucket({ bucket: missingBucket }), 404, 'NoSuchBucket', { bucket: missingBucket });
    await check(() => s3.listObjectsV2({ bucket: missingBucket }), 404, 'NoSuchBucket', { bucket: missingBucket });
    await check(() => s3.deleteBucket({ bucket: missingBucket }), 404, 'NoSuchBucket', { bucket: missingBucket });
    if (!quirks.putCreatesBucket) {
      await check(() => s3.putObject({ bucket: missingBucket, key: 'k', body: 'x' }), 404, 'NoSuchBucket', { bucket: missingBucket, key: 'k' });
    } else {
      // s3s-fs writes <root>/<bucket>/<key>, creating the folder: the bucket comes into being.
      await s3.putObject({ bucket: missingBucket, key: 'k', body: 'x' });
      try {
        expect(await (await s3.getObject({ bucket: missingBucket, key: 'k' })).body.text()).toBe('x');
        expect((await s3.listBuckets()).buckets.map((b) => b.name)).toContain(missingBucket);
      } finally {
        await destroyBucket(live.s3, missingBucket);
      }
    }
  });
});
