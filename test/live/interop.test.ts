// Interoperability with the reference clients on every live server: what s3wire writes (one PUT,
// multipart) boto3 and the AWS CLI read byte for byte, and what they write (put_object, multipart
// upload_file, `aws s3 cp`) s3wire reads byte for byte; compared by SHA-256. Keys with unicode and
// spaces go both ways, and both clients list the same names.
// boto3 runs test/live/helpers/boto3_tool.py; endpoint and keys travel in the environment, not argv.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { byteOrder, md5Hex, MiB, multipartETag, putMany, randomData, sha256, useLive } from './helpers/live.ts';
import { listedName, quirksOf } from './helpers/quirks.ts';

const run = promisify(execFile);
const BOTO3_TOOL = fileURLToPath(new URL('./helpers/boto3_tool.py', import.meta.url));

function cut(data: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer>[] {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let off = 0; off < data.length; off += size) parts.push(data.subarray(off, off + size));
  return parts;
}

/** A clean environment for the Python tools: no AWS_* or proxy settings, no ~/.aws files. */
function baseEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    LANG: 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

interface Boto3Object {
  sha256: string;
  size: number;
  contentLength: number;
  etag: string;
  contentType: string | null;
  metadata: Record<string, string>;
}

describe.each(liveServers())('interop on $name', (server: LiveServer) => {
  const live = useLive(server, 'interop');
  const quirks = quirksOf(server.name);
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3wire-interop-'));
    // The AWS CLI reads path-style addressing from its config file.
    await writeFile(join(dir, 'aws-config'), `[default]\nregion = ${server.region}\ns3 =\n  addressing_style = path\n  multipart_threshold = 8MB\n  multipart_chunksize = 5MB\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function boto3<T>(...args: string[]): Promise<T> {
    const env = {
      ...baseEnv(dir),
      S3WIRE_IT_ENDPOINT: server.endpoint,
      S3WIRE_IT_REGION: server.region,
      S3WIRE_IT_ACCESS_KEY: server.accessKeyId,
      S3WIRE_IT_SECRET_KEY: server.secretAccessKey,
    };
    for (const a of args) expect(a.includes(server.secretAccessKey)).toBe(false);
    const { stdout } = await run('python3', [BOTO3_TOOL, ...args], { env, maxBuffer: 16 * MiB });
    return JSON.parse(stdout) as T;
  }

  async function aws(...args: string[]): Promise<string> {
    const env = {
      ...baseEnv(dir),
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_DEFAULT_REGION: server.region,
    };
    const { stdout } = await run('aws', args, { env, maxBuffer: 16 * MiB });
    return stdout;
  }

  it('an object s3wire wrote with one PUT reads back byte-identical with boto3, headers and metadata included', async () => {
    const { s3, bucket } = live;
    const data = randomData(MiB + 17);
    const put = await s3.putObject({ bucket, key: 'from-s3wire/single.bin', body: data, contentType: 'application/x-s3wire', metadata: { writer: 's3wire', 'Mixed-Case': 'v' } });
    const got = await boto3<Boto3Object>('get', bucket, 'from-s3wire/single.bin');
    expect(got.sha256).toBe(sha256(data));
    expect([got.size, got.contentLength]).toEqual([data.length, data.length]);
    expect(got.etag).toBe(put.eTag);
    expect(got.etag).toBe(`"${md5Hex(data)}"`);
    expect(got.contentType).toBe('application/x-s3wire');
    expect(got.metadata).toEqual({ writer: 's3wire', 'mixed-case': 'v' });
  });

  it('an object s3wire wrote in 5 MiB parts (12 MiB) reads back byte-identical with boto3', async () => {
    const { s3, bucket } = live;
    const data = randomData(12 * MiB + 12345);
    const r = await s3.upload({ bucket, key: 'from-s3wire/multipart.bin', body: data, partSize: 5 * MiB });
    expect(r.parts).toBe(3);
    const got = await boto3<Boto3Object>('get', bucket, 'from-s3wire/multipart.bin');
    expect(got.sha256).toBe(sha256(data));
    expect(got.size).toBe(data.length);
    expect(got.etag).toBe(r.eTag);
    expect(got.etag).toBe(multipartETag(cut(data, 5 * MiB)));
  });

  it('an object boto3 wrote with put_object reads back byte-identical with s3wire', async () => {
    const { s3, bucket } = live;
    const data = randomData(MiB + 3);
    const file = join(dir, 'boto3-single.bin');
    await writeFile(file, data);
    const { etag } = await boto3<{ etag: string }>('put', bucket, 'from-boto3/single.bin', file);
    expect(etag).toBe(`"${md5Hex(data)}"`);
    const got = await s3.getObject({ bucket, key: 'from-boto3/single.bin' });
    expect(got.contentLength).toBe(data.length);
    expect(got.eTag).toBe(etag);
    expect(sha256(await got.body.bytes())).toBe(sha256(data));
  });

  it('an object boto3 wrote with a multipart upload_file reads back byte-identical with s3wire', async () => {
    const { s3, bucket } = live;
    const data = randomData(12 * MiB + 5);
    const file = join(dir, 'boto3-multipart.bin');
    await writeFile(file, data);
    const { etag, size } = await boto3<{ etag: string; size: number }>('upload', bucket, 'from-boto3/multipart.bin', file);
    expect(size).toBe(data.length);
    // Three 5 MiB parts: the multipart ETag proves boto3 did not send it in one PUT.
    expect(etag).toBe(multipartETag(cut(data, 5 * MiB)));
    const head = await s3.headObject({ bucket, key: 'from-boto3/multipart.bin' });
    expect([head.contentLength, head.eTag]).toEqual([data.length, etag]);
    expect(sha256(await (await s3.getObject({ bucket, key: 'from-boto3/multipart.bin' })).body.bytes())).toBe(sha256(data));
    // And in parallel ranges to a file.
    const out = join(dir, 'boto3-multipart.copy');
    await s3.downloadFile({ bucket, key: 'from-boto3/multipart.bin', path: out, partSize: 5 * MiB });
    expect(sha256(await readFile(out))).toBe(sha256(data));
  });

  it('keys with unicode and spaces: written by one client, listed and read by the other', async () => {
    const { s3, bucket } = live;
    const s3wireKey = 'interop/日本語 フォルダ/파일 이름 🎉.txt';
    const boto3Key = 'interop/boto3 한국어/データ ü é.bin';
    const a = randomData(4096);
    const b = randomData(5000);
    await s3.putObject({ bucket, key: s3wireKey, body: a });
    const file = join(dir, 'unicode.bin');
    await writeFile(file, b);
    await boto3('put', bucket, boto3Key, file);

    const expected = [s3wireKey, boto3Key].sort(byteOrder);
    const byBoto3 = await boto3<{ keys: Array<{ key: string; size: number }> }>('list', bucket, 'interop/');
    expect(byBoto3.keys.map((k) => k.key)).toEqual(expected);
    const byS3wire: string[] = [];
    for await (const o of s3.listObjects({ bucket, prefix: 'interop/' })) byS3wire.push(o.key);
    expect(byS3wire).toEqual(expected);

    expect((await boto3<Boto3Object>('get', bucket, s3wireKey)).sha256).toBe(sha256(a));
    expect(sha256(await (await s3.getObject({ bucket, key: boto3Key })).body.bytes())).toBe(sha256(b));
  });

  it('boto3 and s3wire list the same names for keys that need url-encoding', async () => {
    const { s3, bucket } = live;
    const keys = ['enc/a b', 'enc/a+b', 'enc/x%y', 'enc/%41', 'enc/q?x=1&y=2', 'enc/ü', 'enc/tab\there', 'enc/<&>'];
    await putMany(s3, bucket, keys);
    const byBoto3 = (await boto3<{ keys: Array<{ key: string }> }>('list', bucket)).keys.map((k) => k.key);
    const byS3wire: string[] = [];
    for await (const o of s3.listObjects({ bucket })) byS3wire.push(o.key);
    expect(byS3wire).toEqual(byBoto3);
    // Both read the true names where the server encodes them as it says (s3s-fs does not).
    expect(byS3wire).toEqual([...keys].sort(byteOrder).map((k) => listedName(quirks, k)));
  });

  it('the AWS CLI reads what s3wire wrote, and s3wire reads what `aws s3 cp` uploaded in parts', async () => {
    const { s3, bucket } = live;
    const data = randomData(11 * MiB + 7);
    await s3.upload({ bucket, key: 'cli/from s3wire.bin', body: data, partSize: 5 * MiB });
    const out = join(dir, 'cli-download.bin');
    await aws('s3', 'cp', '--only-show-errors', `s3://${bucket}/cli/from s3wire.bin`, out);
    expect(sha256(await readFile(out))).toBe(sha256(data));

    const up = randomData(12 * MiB + 1);
    const src = join(dir, 'cli-upload.bin');
    await writeFile(src, up);
    await aws('s3', 'cp', '--only-show-errors', src, `s3://${bucket}/cli/from aws ü.bin`);
    const head = await s3.headObject({ bucket, key: 'cli/from aws ü.bin' });
    // multipart_chunksize = 5MB in the CLI's config: three parts.
    expect(head.eTag).toBe(multipartETag(cut(up, 5 * MiB)));
    expect(sha256(await (await s3.getObject({ bucket, key: 'cli/from aws ü.bin' })).body.bytes())).toBe(sha256(up));

    const listing = await aws('s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'cli/', '--output', 'json');
    const keys = (JSON.parse(listing) as { Contents: Array<{ Key: string; Size: number }> }).Contents.map((c) => [c.Key, c.Size]);
    expect(keys).toEqual([
      ['cli/from aws ü.bin', up.length],
      ['cli/from s3wire.bin', data.length],
    ]);
  });
});
