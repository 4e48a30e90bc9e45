// An application's first script, in plain JavaScript: s3wire installed from its packed tarball
// (npm install of the .tgz, test/package/package.test.ts), run by Node with no loader, by Bun and
// by Deno from that node_modules. The server comes in S3WIRE_EDGE_* (as for test/edge/'s scripts);
// files go under the current folder. Prints one JSON line: { runtime, ok, steps }.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError, S3Client, isServiceError } from 's3wire';
import * as entry from 's3wire';
import { createSigner, uriEncodePath } from 's3wire/sigv4';
import { UNSIGNED_PAYLOAD } from 's3wire/sigv4/constants';

const env = process.env;
const runtime =
  typeof Bun !== 'undefined' ? `bun ${Bun.version}` : typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : `node ${process.version}`;
const steps = [];
async function step(name, f) {
  try {
    steps.push({ step: name, ok: true, detail: String(await f()) });
  } catch (e) {
    steps.push({ step: name, ok: false, detail: String(e?.message ?? e) });
  }
}
function check(ok, detail) {
  if (!ok) throw new Error(detail);
  return detail;
}
const sha = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);

const credentials = { accessKeyId: env.S3WIRE_EDGE_ACCESS_KEY, secretAccessKey: env.S3WIRE_EDGE_SECRET_KEY };
const region = env.S3WIRE_EDGE_REGION ?? 'us-east-1';
const endpoint = env.S3WIRE_EDGE_ENDPOINT;
const s3 = new S3Client({ endpoint, region, credentials });
const bucket = `pkg-${randomBytes(4).toString('hex')}`;
const dir = join(process.cwd(), 'files');
await mkdir(dir, { recursive: true });

await step("import 's3wire' resolves to this runtime's file of dist/", async () => {
  const resolved = import.meta.resolve('s3wire');
  const file = resolved.slice(resolved.lastIndexOf('/node_modules/s3wire/') + '/node_modules/s3wire/'.length);
  const transports = Object.keys(entry).filter((k) => k.endsWith('Transport')).sort();
  return `${file}: ${transports.join(', ')}`;
});
await step('a bad bucket name is an ArgumentError, before any request', async () => {
  const e = await (async () => s3.headBucket({ bucket: 'Not_A_Bucket' }))().catch((x) => x);
  return check(e instanceof ArgumentError && e.code === 'InvalidBucketName', `${e?.name}: ${e?.code}`);
});
await step('createBucket', async () => (await s3.createBucket({ bucket }), bucket));
await step('putObject, getObject: the text back', async () => {
  await s3.putObject({ bucket, key: 'notes/héllo wörld.txt', body: 'hello from the package', contentType: 'text/plain' });
  const text = await (await s3.getObject({ bucket, key: 'notes/héllo wörld.txt' })).body.text();
  return check(text === 'hello from the package', text);
});
const big = randomBytes(6 * 1024 * 1024 + 11);
await step('upload(): two parts, read back identical', async () => {
  await s3.upload({ bucket, key: 'big.bin', body: big, partSize: 5 * 1024 * 1024 });
  const back = new Uint8Array(await (await s3.getObject({ bucket, key: 'big.bin' })).body.bytes());
  return check(sha(back) === sha(big) && back.length === big.length, `${back.length} bytes, sha256 ${sha(back)}`);
});
await step('uploadFile, downloadFile: the same bytes', async () => {
  await writeFile(join(dir, 'in.bin'), big.subarray(0, 300_000));
  await s3.uploadFile({ bucket, key: 'file.bin', path: join(dir, 'in.bin') });
  await s3.downloadFile({ bucket, key: 'file.bin', path: join(dir, 'out.bin') });
  const back = await readFile(join(dir, 'out.bin'));
  return check(sha(back) === sha(big.subarray(0, 300_000)), `${back.length} bytes`);
});
await step('listObjects: every key', async () => {
  const keys = [];
  for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
  return check(keys.join(',') === 'big.bin,file.bin,notes/héllo wörld.txt', keys.join(','));
});
await step('presignGetObject: fetch reads it', async () => {
  const { url } = await s3.presignGetObject({ bucket, key: 'notes/héllo wörld.txt', expiresIn: 60 });
  const text = await (await fetch(url)).text();
  return check(text === 'hello from the package', text);
});
await step('s3wire/sigv4 alone: a presigned GET that fetch reads', async () => {
  const url = new URL(endpoint);
  const path = `/${bucket}/${uriEncodePath('notes/héllo wörld.txt')}`;
  const signer = createSigner({ credentials, region });
  const signed = await signer.presign({ method: 'GET', host: url.host, path, headers: {} }, { date: new Date(), expiresIn: 60 });
  const text = await (await fetch(`${url.origin}${path}?${signed.queryString}`)).text();
  return check(text === 'hello from the package' && UNSIGNED_PAYLOAD === 'UNSIGNED-PAYLOAD', text);
});
await step('a missing key is a ServiceError NoSuchKey', async () => {
  const e = await s3.getObject({ bucket, key: 'nope' }).catch((x) => x);
  return check(isServiceError(e, 'NoSuchKey') && e.status === 404, `${e?.code} ${e?.status}`);
});
await step('cleanup: objects and bucket', async () => {
  for (const key of ['big.bin', 'file.bin', 'notes/héllo wörld.txt']) await s3.deleteObject({ bucket, key });
  await s3.deleteBucket({ bucket });
  return 'deleted';
});
await s3.close();

const ok = steps.every((s) => s.ok);
console.log(JSON.stringify({ runtime, ok, steps }));
process.exitCode = ok ? 0 : 1;
