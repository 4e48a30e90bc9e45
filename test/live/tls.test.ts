// https against MinIO and RustFS serving a certificate made for this run (test/servers/launch.ts): the
// transports' TLS path (undici's, and netTransport()'s on node:tls), the
// certificate options, and what is signed over TLS: in-memory bodies go with UNSIGNED-PAYLOAD by
// default (TLS keeps them whole, as boto3 and the Java and Go SDKs send them), signed on request.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NetworkError, netTransport, undiciTransport } from '../../src/index.ts';
import { httpsCall as curl } from '../servers/https.ts';
import { liveServers, tlsServers } from '../servers/servers.ts';
import { MiB, pieces, randomData, recordingTransport, sha256, useLive, utf8, type Exchange } from './helpers/live.ts';

const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const UNSIGNED = 'UNSIGNED-PAYLOAD';

const payloadOf = (log: readonly Exchange[], method: string, query = ''): string[] =>
  log.filter((e) => e.method === method && e.path.includes(query)).map((e) => e.headers['x-amz-content-sha256']!);

if (tlsServers().length === 0) {
  // The https MinIO runs whenever MinIO does, and RustFS's whenever RustFS does (not with
  // S3WIRE_TLS=0, an external endpoint, or the versitygw fallback). In CI MinIO always runs, so
  // there it must be here.
  if (ci && liveServers().some((s) => s.name === 'minio')) it('an https MinIO runs beside the http one (CI=true)', () => expect.fail('MinIO runs but no https MinIO was started'));
  else it.skip('https (no https server: one runs beside MinIO and RustFS unless S3WIRE_TLS=0)', () => {});
}

describe.each(tlsServers())('https: $name', (server) => {
  const live = useLive(server, 'tls');
  const ca = server.ca!;

  it('in-memory bodies go with UNSIGNED-PAYLOAD by default over https, signed with signPayload: true, and read back whole', async () => {
    const { bucket } = live;
    const t = recordingTransport({ ca });
    const s3 = live.client({ transport: t });
    const data = randomData(300_000);
    await s3.putObject({ bucket, key: 'default.bin', body: data });
    const signing = live.client({ transport: t, signPayload: true });
    await signing.putObject({ bucket, key: 'signed.bin', body: data });
    await signing.putObject({ bucket, key: 'text.txt', body: 'over TLS' });
    expect(payloadOf(t.log, 'PUT')).toEqual([UNSIGNED, sha256(data), sha256(utf8('over TLS'))]);

    expect(sha256(await (await s3.getObject({ bucket, key: 'default.bin' })).body.bytes())).toBe(sha256(data));
    expect(sha256(await (await s3.getObject({ bucket, key: 'signed.bin' })).body.bytes())).toBe(sha256(data));
    expect(await (await s3.getObject({ bucket, key: 'text.txt' })).body.text()).toBe('over TLS');
    expect((await s3.headObject({ bucket, key: 'default.bin' })).contentLength).toBe(data.length);
    const keys: string[] = [];
    for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
    expect(keys).toEqual(['default.bin', 'signed.bin', 'text.txt']);
    await s3.deleteObject({ bucket, key: 'text.txt' });
    expect((await s3.headObject({ bucket, key: 'text.txt' }).catch((e: unknown) => e)) as Error).toMatchObject({ status: 404 });
  });

  it('upload() of a stream over https sends unsigned parts and download() reads it back byte for byte', async () => {
    const { bucket } = live;
    const t = recordingTransport({ ca });
    const s3 = live.client({ transport: t });
    const data = randomData(13 * MiB + 5);
    const r = await s3.upload({ bucket, key: 'big.bin', body: Readable.from(pieces(data)), partSize: 5 * MiB, concurrency: 2 });
    expect(r.parts).toBe(3);
    expect(payloadOf(t.log, 'PUT', 'partNumber=')).toEqual([UNSIGNED, UNSIGNED, UNSIGNED]);
    const got = await s3.download({ bucket, key: 'big.bin', partSize: 4 * MiB });
    const chunks: Uint8Array[] = [];
    for await (const c of got.body) chunks.push(c);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });

  it('a body over 1 MiB, which goes to the TLS socket in slices, arrives whole: a view into a larger buffer, signed and unsigned, on both transports', async () => {
    const { bucket } = live;
    const backing = randomData(3 * MiB + 40);
    // Not a multiple of the slice size, and not at the start of its buffer.
    const data = backing.subarray(11, 11 + 3 * MiB + 7);
    for (const [name, transport] of [
      ['undici', undiciTransport({ tls: { ca } })],
      ['net', netTransport({ tls: { ca } })],
    ] as const) {
      for (const signPayload of [false, true]) {
        const s3 = live.client({ transport, signPayload });
        const key = `sliced-${name}-${signPayload}.bin`;
        // Signed, MinIO checks the body's SHA-256 against the one signed: a byte lost, repeated or
        // out of order fails the PUT. Unsigned, the read-back below does.
        await s3.putObject({ bucket, key, body: data });
        expect((await s3.headObject({ bucket, key })).contentLength).toBe(data.length);
        expect(sha256(await (await s3.getObject({ bucket, key })).body.bytes())).toBe(sha256(data));
      }
    }
  });

  it('presigned GET and PUT URLs work over https as curl uses them', async () => {
    const { s3, bucket } = live;
    const put = await s3.presignPutObject({ bucket, key: 'presigned.txt', expiresIn: 60 });
    expect(put.url.startsWith(`${server.endpoint}/`)).toBe(true);
    expect((await curl(put.url, ca, { method: 'PUT', headers: put.headers, body: utf8('via a presigned PUT over TLS') })).status).toBe(200);
    const get = await s3.presignGetObject({ bucket, key: 'presigned.txt', expiresIn: 60 });
    const res = await curl(get.url, ca);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('via a presigned PUT over TLS');
  });

  it.each([
    ['undiciTransport()', () => undiciTransport()],
    ['netTransport()', () => netTransport()],
  ])('without the CA (%s): a NetworkError saying the certificate is not trusted, and no secret in it', async (_name, make) => {
    const s3 = live.client({ transport: make() });
    const e = await s3.listBuckets().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).message).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(.*self.signed.*\): give its CA as the transport's tls\.ca/i);
    for (const text of [(e as Error).message, JSON.stringify(e), String((e as Error).stack)]) {
      expect(text).not.toContain(server.secretAccessKey);
      expect(text).not.toContain(server.accessKeyId);
    }
  });

  it('tls.ca as bytes or in a list; rejectUnauthorized: false connects without it', async () => {
    const pem = Buffer.from(ca);
    for (const transport of [undiciTransport({ tls: { ca: new Uint8Array(pem) } }), netTransport({ tls: { ca: [ca] } }), undiciTransport({ tls: { rejectUnauthorized: false } })]) {
      const s3 = live.client({ transport });
      expect((await s3.listBuckets()).buckets.map((b) => b.name)).toContain(live.bucket);
    }
  });
});
