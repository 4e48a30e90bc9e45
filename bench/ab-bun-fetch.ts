// Scratch A/B of what a HEAD costs under Bun, against one local MinIO (data on a tmpfs), 4 KiB
// object, concurrency 32: through Bun's fetch with a presigned URL and no headers, the same with
// `redirect: 'manual'` (as s3wire's fetch transport sends), a header signature (Authorization,
// x-amz-date, x-amz-content-sha256) as an object and as pairs; the bun entry's own transport
// (HTTP/1.1 on Bun's sockets) sending the header-signed request; and s3wire's headObject through
// the bun entry, on its own transport and on fetchTransport(). Prints ops/s and the Bun process's
// CPU per operation, the last of 3 rounds.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-bun-fetch.ts [--n=3000]
import type { BunJob } from './ab-bun-run.ts';

declare const Bun: unknown;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** What a child needs: the server and object (BunJob), a presigned HEAD and the run's length. */
type Job = BunJob<{ presignedHead: string; n: number }>;

async function child(j: Job): Promise<void> {
  const { S3Client, fetchTransport, bunTransport } = await import('../src/index.bun.ts');
  const { createSigner } = await import('../src/sigv4/index.ts');
  const u = new URL(j.endpoint);
  const s3 = new S3Client({ endpoint: j.endpoint, region: j.region, credentials: j });
  const s3ViaFetch = new S3Client({ endpoint: j.endpoint, region: j.region, credentials: j, transport: fetchTransport() });
  const sockets = bunTransport();
  const signer = createSigner({ credentials: j, region: j.region, service: 's3' });
  const path = `/${j.bucket}/${j.key}`;
  const signed = () => signer.sign({ method: 'HEAD', path, headers: { host: u.host } }, { date: new Date(), payload: { kind: 'bytes', data: '' } }).headers;
  const ok = (status: number) => {
    if (status !== 200) throw new Error(`HEAD: HTTP ${status}`);
  };
  const variants: Record<string, () => Promise<void>> = {
    'fetch, presigned URL': async () => ok((await fetch(j.presignedHead, { method: 'HEAD' })).status),
    "fetch, presigned URL, redirect: 'manual'": async () => ok((await fetch(j.presignedHead, { method: 'HEAD', redirect: 'manual' })).status),
    'fetch, header signature (object)': async () => ok((await fetch(u.origin + path, { method: 'HEAD', headers: signed() })).status),
    'fetch, header signature (pairs)': async () => ok((await fetch(u.origin + path, { method: 'HEAD', headers: Object.entries(signed()) })).status),
    "bun entry's transport, header signature": async () => ok((await sockets.send({ method: 'HEAD', origin: u.origin, path, headers: { host: u.host, ...signed() } })).status),
    's3wire headObject (bun entry)': async () => {
      if ((await s3.headObject({ bucket: j.bucket, key: j.key })).contentLength !== 4096) throw new Error('HEAD: wrong size');
    },
    's3wire headObject (bun entry, fetchTransport)': async () => {
      if ((await s3ViaFetch.headObject({ bucket: j.bucket, key: j.key })).contentLength !== 4096) throw new Error('HEAD: wrong size');
    },
  };
  for (let round = 0; round < 3; round++) {
    for (const [name, f] of Object.entries(variants)) {
      let next = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < j.n) await f(); }));
      const cpu = process.cpuUsage(c0);
      if (round === 2) console.log(`${name.padEnd(42)} ${(j.n / ((performance.now() - t0) / 1000)).toFixed(0).padStart(6)} ops/s  cpu ${((cpu.user + cpu.system) / j.n).toFixed(0).padStart(4)} µs/op`);
    }
  }
  process.exit(0);
}

if (typeof Bun !== 'undefined') await child(JSON.parse(process.env.AB_JOB!) as Job);
else {
  const { runUnderBun } = await import('./ab-bun-run.ts');
  const bucket = 'ab-bun-fetch';
  await runUnderBun(
    import.meta.url,
    bucket,
    async (s3) => ({ presignedHead: (await s3.presign({ method: 'HEAD', bucket, key: 'obj' }, { bucket, key: 'obj', expiresIn: 3600 })).url, n: Number(arg('n') ?? 3000) }),
    (job) => `HEAD of a 4 KiB object under bun, concurrency 32, ${job.n} per run, minio on 127.0.0.1 (tmpfs)`,
  );
}
