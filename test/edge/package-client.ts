// Run under Bun and under Deno: `import 's3wire'` resolves through the runtime's export condition
// (`bun`: Bun's hashes, files, HTTP/1.1 on Bun's sockets; `deno`: node:crypto and files on Deno's
// Node compatibility, HTTP/1.1 on Deno's connections). Exercises what the web scenario
// does not: files and Node streams. The server and transport come from S3WIRE_EDGE_* (edge-env.ts).
// Prints one JSON line: { runtime, ok, steps }.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as entry from 's3wire';
import { S3Client } from 's3wire';
import { edgeServer, edgeTransport, runtimeName } from './edge-env.ts';

const steps: { step: string; ok: boolean; detail: string }[] = [];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function step(name: string, f: () => Promise<string>) {
  try {
    steps.push({ step: name, ok: true, detail: await f() });
  } catch (e) {
    steps.push({ step: name, ok: false, detail: String((e as Error)?.message ?? e) });
  }
}

const server = edgeServer();
const runtime = runtimeName();
const s3 = new S3Client({
  endpoint: server.endpoint,
  region: server.region,
  credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  ...edgeTransport(entry, server.ca, runtime.startsWith('bun') ? 'bun' : 'deno'),
});
const bucket = `pkg-${randomBytes(4).toString('hex')}`;
const dir = await mkdtemp(join(tmpdir(), 's3wire-pkg-'));
await step('createBucket', async () => (await s3.createBucket({ bucket }), bucket));
const data = randomBytes(7 * 1024 * 1024 + 3);
await step('uploadFile (7 MiB, one part of 5 MiB and more)', async () => {
  await writeFile(join(dir, 'in.bin'), data);
  await s3.uploadFile({ bucket, key: 'file.bin', path: join(dir, 'in.bin'), partSize: 5 * 1024 * 1024 });
  return 'uploaded';
});
await step('downloadFile matches', async () => {
  await s3.downloadFile({ bucket, key: 'file.bin', path: join(dir, 'out.bin'), partSize: 2 * 1024 * 1024 });
  if (sha(await readFile(join(dir, 'out.bin'))) !== sha(data)) throw new Error('downloaded bytes differ');
  return 'identical';
});
await step('putObject of a Node Readable with contentLength', async () => {
  const piece = randomBytes(100_000);
  await s3.putObject({ bucket, key: 'readable.bin', body: Readable.from([piece.subarray(0, 1), piece.subarray(1)]), contentLength: piece.length });
  const got = await (await s3.getObject({ bucket, key: 'readable.bin' })).body.bytes();
  if (sha(got) !== sha(piece)) throw new Error('bytes differ');
  return `${got.length} bytes`;
});
await step('cleanup', async () => {
  const keys: string[] = [];
  for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
  const { errors } = await s3.deleteObjects({ bucket, keys });
  if (errors.length) throw new Error(JSON.stringify(errors));
  await s3.deleteBucket({ bucket });
  return `${keys.length} objects`;
});
await s3.close();
await rm(dir, { recursive: true, force: true });
const ok = steps.every((s) => s.ok);
console.log(JSON.stringify({ runtime, ok, steps }));
process.exit(ok ? 0 : 1);
