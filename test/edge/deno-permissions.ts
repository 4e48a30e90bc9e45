// Run by test/edge/deno.test.ts under `deno run --allow-net=127.0.0.1:<port>` and nothing else:
// what README says the deno entry needs. The server comes on stdin (reading it needs no
// permission); createBucket, putObject, getObject, deleteObject, deleteBucket on the default
// transport. Prints one JSON report; exits 1 on any failure.
import { S3Client } from 's3wire';
import { runtimeName } from './edge-env.ts';

declare const Deno: { stdin: { readable: ReadableStream<Uint8Array> }; exit(code: number): never };
const server = JSON.parse(await new Response(Deno.stdin.readable).text()) as { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
const steps: { step: string; ok: boolean; detail: string }[] = [];
try {
  const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
  const bucket = `perm-${Math.random().toString(16).slice(2, 10)}`;
  await s3.createBucket({ bucket });
  const body = new TextEncoder().encode('with --allow-net alone');
  await s3.putObject({ bucket, key: 'k', body });
  const got = await (await s3.getObject({ bucket, key: 'k' })).body.text();
  await s3.deleteObject({ bucket, key: 'k' });
  await s3.deleteBucket({ bucket });
  await s3.close();
  steps.push({ step: 'put, get, delete with --allow-net alone', ok: got === 'with --allow-net alone', detail: JSON.stringify(got) });
} catch (e) {
  steps.push({ step: 'put, get, delete with --allow-net alone', ok: false, detail: `${(e as Error).name}: ${(e as Error).message}` });
}
const ok = steps.every((s) => s.ok);
console.log(JSON.stringify({ runtime: runtimeName(), ok, steps }));
Deno.exit(ok ? 0 : 1);
