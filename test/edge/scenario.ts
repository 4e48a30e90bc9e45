// The client run end to end through a web entry (fetch + WebCrypto + pure-JS MD5), with web
// APIs only, so the same steps run under Bun (bun-client.ts) and workerd (worker.ts).
// Every step is checked here and recorded; the runner prints or returns the report.
import type { ClientOptions, S3ClientBase, ServiceError } from '../../src/index.web.ts';

/**
 * The client's methods, what the scenario calls: typed from src/, met by dist/'s copy too (no
 * private fields, and none of what the package's declarations leave out as @internal).
 */
type ClientMethods = Omit<S3ClientBase, 'runtime' | 'config' | 'md5Hex' | 'checksumOf'>;
/** The S3Client of the entry under test (src/index.web.ts; or by the package's name, dist/'s). */
export type ClientClass = new (options: ClientOptions) => ClientMethods;
/** What the scenario takes from the entry under test: its client and error classes. */
export interface ScenarioEntry {
  readonly S3Client: ClientClass;
  readonly ServiceError: new (...args: never[]) => Pick<ServiceError, 'code' | 'status'>;
}

export interface ScenarioServer {
  readonly name: string;
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface StepReport {
  readonly step: string;
  readonly ok: boolean;
  /** What was checked, or what went wrong. */
  readonly detail: string;
}

export interface ScenarioReport {
  readonly runtime: string;
  readonly server: string;
  readonly bucket: string;
  readonly ok: boolean;
  readonly steps: StepReport[];
}

/** `full` for Bun; `small` (put/get/list/presign/delete) for workerd. */
export type ScenarioSize = 'full' | 'small';

const MiB = 1024 * 1024;

class Mismatch extends Error {}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Mismatch(what);
}

/** Deterministic bytes (xorshift32), so no crypto.getRandomValues size limit applies. */
export function pattern(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A web ReadableStream that hands out `data` in `chunk`-sized pieces, on demand. */
function streamOf(data: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= data.length) return c.close();
      c.enqueue(data.slice(at, at + chunk));
      at += chunk;
    },
  });
}

function bytesDetail(got: Uint8Array, want: Uint8Array): string {
  return `${got.length} bytes ${sameBytes(got, want) ? 'identical' : 'DIFFERENT'} (want ${want.length})`;
}

export async function runScenario({ S3Client, ServiceError }: ScenarioEntry, server: ScenarioServer, runtime: string, size: ScenarioSize): Promise<ScenarioReport> {
  const bucket = `edge-${runtime.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10)}-${Date.now().toString(36)}-${Math.floor(Math.random() * 0xffffff).toString(16)}`;
  const steps: StepReport[] = [];
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  let fatal = false;

  const step = async (name: string, fn: () => Promise<string>): Promise<void> => {
    if (fatal) return void steps.push({ step: name, ok: false, detail: 'skipped: an earlier required step failed' });
    try {
      steps.push({ step: name, ok: true, detail: await fn() });
    } catch (e) {
      const err = e as Error & { code?: string; status?: number };
      const kind = e instanceof Mismatch ? 'mismatch' : `${err.name}${err.code ? ` ${err.code}` : ''}${err.status ? ` ${err.status}` : ''}`;
      steps.push({ step: name, ok: false, detail: `${kind}: ${err.message}` });
    }
  };

  const getBytes = async (key: string) => (await s3.getObject({ bucket, key })).body.bytes();

  await step('createBucket', async () => {
    await s3.createBucket({ bucket });
    return bucket;
  });
  if (!steps[0]?.ok) fatal = true;

  const text = 'hello from the web entry: ünïcödé ✓ 🪣';
  await step('putObject string', async () => {
    const r = await s3.putObject({ bucket, key: 'obj/text.txt', body: text, contentType: 'text/plain; charset=utf-8' });
    check(typeof r.eTag === 'string' && r.eTag.length > 0, `eTag ${String(r.eTag)}`);
    return `eTag ${r.eTag}`;
  });

  await step('getObject text', async () => {
    const r = await s3.getObject({ bucket, key: 'obj/text.txt' });
    const got = await r.body.text();
    check(got === text, `text ${JSON.stringify(got)}`);
    check(r.contentType?.startsWith('text/plain') ?? false, `content-type ${String(r.contentType)}`);
    return `${got.length} chars, ${r.contentType}`;
  });

  const bytes = pattern(100_000, 1);
  await step('putObject Uint8Array', async () => {
    await s3.putObject({ bucket, key: 'obj/bytes.bin', body: bytes });
    const got = await getBytes('obj/bytes.bin');
    check(sameBytes(got, bytes), bytesDetail(got, bytes));
    return bytesDetail(got, bytes);
  });

  await step('headObject', async () => {
    const h = await s3.headObject({ bucket, key: 'obj/bytes.bin' });
    check(h.contentLength === bytes.length, `content-length ${h.contentLength}`);
    // The entry's own MD5 (pure JS on the web entries), internal: not in the package's declarations.
    const md5 = await (s3 as unknown as Pick<S3ClientBase, 'md5Hex'>).md5Hex(bytes);
    check(h.eTag === `"${md5}"`, `eTag ${String(h.eTag)}, md5 ${md5}`);
    return `content-length ${h.contentLength}, eTag = MD5 (pure JS) ${h.eTag}`;
  });

  await step('getObject missing key is ServiceError NoSuchKey', async () => {
    const e = await s3.getObject({ bucket, key: 'obj/none' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    check(e instanceof ServiceError && e.code === 'NoSuchKey' && e.status === 404, `got ${String(e)}`);
    return 'NoSuchKey 404';
  });

  if (size === 'full') {
    const streamed = pattern(300_000, 2);
    await step('putObject ReadableStream with contentLength', async () => {
      await s3.putObject({ bucket, key: 'obj/stream.bin', body: streamOf(streamed, 64 * 1024), contentLength: streamed.length });
      const got = await getBytes('obj/stream.bin');
      check(sameBytes(got, streamed), bytesDetail(got, streamed));
      return bytesDetail(got, streamed);
    });

    const chunked = pattern(200_000, 3);
    await step('putObject ReadableStream, aws-chunked signed (async chunk signer)', async () => {
      await s3.putObject({ bucket, key: 'obj/chunked.bin', body: streamOf(chunked, 50_000), contentLength: chunked.length, streamingSignature: true });
      const got = await getBytes('obj/chunked.bin');
      check(sameBytes(got, chunked), bytesDetail(got, chunked));
      return bytesDetail(got, chunked);
    });

    await step('getObject body as a stream', async () => {
      const r = await s3.getObject({ bucket, key: 'obj/stream.bin' });
      const parts: Uint8Array[] = [];
      for await (const p of r.body) parts.push(p);
      const got = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) (got.set(p, at), (at += p.length));
      check(sameBytes(got, streamed), bytesDetail(got, streamed));
      return `${parts.length} pieces, ${bytesDetail(got, streamed)}`;
    });

    await step('copyObject', async () => {
      const r = await s3.copyObject({ sourceBucket: bucket, sourceKey: 'obj/text.txt', bucket, key: 'obj/copy.txt' });
      const got = await (await s3.getObject({ bucket, key: 'obj/copy.txt' })).body.text();
      check(got === text, `copy reads ${JSON.stringify(got)}`);
      return `eTag ${r.eTag}`;
    });

    const part1 = pattern(5 * MiB, 4);
    const part2 = pattern(5 * MiB, 5);
    await step('multipart: create, 2 parts of 5 MiB, complete', async () => {
      const key = 'mpu/manual.bin';
      const { uploadId } = await s3.createMultipartUpload({ bucket, key, contentType: 'application/octet-stream' });
      const p1 = await s3.uploadPart({ bucket, key, uploadId, partNumber: 1, body: part1 });
      const p2 = await s3.uploadPart({ bucket, key, uploadId, partNumber: 2, body: part2 });
      const done = await s3.completeMultipartUpload({ bucket, key, uploadId, parts: [p1, p2] });
      check(/-2"?$/.test(done.eTag ?? ''), `multipart eTag ${String(done.eTag)}`);
      const got = await getBytes(key);
      const want = new Uint8Array(part1.length + part2.length);
      want.set(part1);
      want.set(part2, part1.length);
      check(sameBytes(got, want), bytesDetail(got, want));
      return `eTag ${done.eTag}, ${bytesDetail(got, want)}`;
    });

    const managed = pattern(11 * MiB + 12_345, 6);
    await step('upload(): ReadableStream of unknown length, several parts', async () => {
      let progress = 0;
      const r = await s3.upload({
        bucket,
        key: 'mpu/managed.bin',
        body: streamOf(managed, 256 * 1024),
        partSize: 5 * MiB,
        concurrency: 2,
        onProgress: (p) => (progress = p.loaded),
      });
      check((r.parts ?? 0) >= 2, `parts ${String(r.parts)}`);
      check(progress === managed.length, `progress ${progress}`);
      const got = await getBytes('mpu/managed.bin');
      check(sameBytes(got, managed), bytesDetail(got, managed));
      return `${r.parts} parts, ${bytesDetail(got, managed)}`;
    });
  }

  await step('listObjectsV2 in pages', async () => {
    const keys = ['list/a', 'list/b', 'list/c', 'list/d', 'list/e'];
    for (const key of keys) await s3.putObject({ bucket, key, body: key });
    const pages: string[][] = [];
    for await (const page of s3.listObjectsV2Pages({ bucket, prefix: 'list/', maxKeys: 2 })) pages.push(page.contents.map((o) => o.key));
    check(JSON.stringify(pages) === JSON.stringify([['list/a', 'list/b'], ['list/c', 'list/d'], ['list/e']]), `pages ${JSON.stringify(pages)}`);
    const top = await s3.listObjectsV2({ bucket, delimiter: '/' });
    const prefixes = top.commonPrefixes.map((p) => p.prefix);
    check(prefixes.includes('list/') && prefixes.includes('obj/'), `common prefixes ${JSON.stringify(prefixes)}`);
    return `pages ${JSON.stringify(pages)}, prefixes ${JSON.stringify(prefixes)}`;
  });

  await step('presignGetObject, fetched with fetch', async () => {
    const { url } = await s3.presignGetObject({ bucket, key: 'obj/text.txt', expiresIn: 600 });
    const res = await fetch(url);
    const got = await res.text();
    check(res.status === 200 && got === text, `status ${res.status}, body ${JSON.stringify(got.slice(0, 200))}`);
    return `status ${res.status}`;
  });

  await step('presignPutObject, uploaded with fetch', async () => {
    const data = pattern(50_000, 7);
    const p = await s3.presignPutObject({ bucket, key: 'obj/presigned-put.bin', contentType: 'application/x-test' });
    const res = await fetch(p.url, { method: 'PUT', headers: p.headers, body: data });
    const answer = await res.text();
    check(res.status === 200, `status ${res.status}: ${answer.slice(0, 200)}`);
    const r = await s3.getObject({ bucket, key: 'obj/presigned-put.bin' });
    const got = await r.body.bytes();
    check(sameBytes(got, data), bytesDetail(got, data));
    check(r.contentType === 'application/x-test', `content-type ${String(r.contentType)}`);
    return `status ${res.status}, ${bytesDetail(got, data)}`;
  });

  await step('deleteObject', async () => {
    await s3.deleteObject({ bucket, key: 'obj/presigned-put.bin' });
    const e = await s3.headObject({ bucket, key: 'obj/presigned-put.bin' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    check(e instanceof ServiceError && e.status === 404, `head after delete: ${String(e)}`);
    return 'gone';
  });

  // Always try to clean up, even after a failure.
  fatal = false;
  await step('deleteObjects (Content-MD5 from pure-JS MD5)', async () => {
    const keys: string[] = [];
    for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
    const r = await s3.deleteObjects({ bucket, keys });
    check(r.errors.length === 0, `errors ${JSON.stringify(r.errors)}`);
    check(r.deleted.length === keys.length, `deleted ${r.deleted.length} of ${keys.length}`);
    const after = await s3.listObjectsV2({ bucket });
    check(after.keyCount === 0, `left ${after.keyCount}`);
    return `${keys.length} keys deleted`;
  });

  await step('deleteBucket', async () => {
    await s3.deleteBucket({ bucket });
    const e = await s3.headBucket({ bucket }).then(
      () => undefined,
      (err: unknown) => err,
    );
    check(e instanceof ServiceError && e.status === 404, `head after delete: ${String(e)}`);
    return 'gone';
  });

  await s3.close();
  return { runtime, server: server.name, bucket, ok: steps.every((s) => s.ok), steps };
}
