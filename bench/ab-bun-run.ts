// What the A/Bs under Bun share (ab-bun-fetch.ts, ab-bun-native.ts): Node starts MinIO with its
// data on a tmpfs, makes a bucket holding one 4 KiB object `obj`, then runs the script again under
// Bun with its job (the server, keys and bucket, and what `more` adds) in AB_JOB, and prints what
// that prints. AB_WRAP runs Bun under a command (`strace -f -c -o FILE`); AB_BUN_ARGS are Bun's
// own flags (`--cpu-prof-md --cpu-prof-dir=DIR`). With --server=canned, bench/canned-server.ts
// stands in for MinIO (fixed answers, no signature checks): the client's CPU alone.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '../src/index.ts';
import type { Target } from './clients/node-clients.ts';

export type BunJob<T> = Target & { key: string } & T;

export async function runUnderBun<T extends object>(script: string, bucket: string, more: (s3: S3Client) => Promise<T>, title: (job: BunJob<T>) => string): Promise<void> {
  process.env.TMPDIR = '/dev/shm';
  const { S3Client } = await import('../src/index.ts');
  const { startBenchServer } = await import('./clients/server.ts');
  const { BUN } = await import('./clients/workers.ts');
  const canned = process.argv.includes('--server=canned');
  const server = canned ? await cannedServer(BUN) : await startBenchServer('minio');
  try {
    const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
    if (!canned) {
      await s3.createBucket({ bucket });
      await s3.putObject({ bucket, key: 'obj', body: new Uint8Array(4096) });
    }
    const job: BunJob<T> = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, bucket, key: 'obj', ...(await more(s3)) };
    console.log(title(job) + (canned ? ' [canned server: bench/canned-server.ts, not MinIO]' : ''));
    const argv = [...(process.env.AB_WRAP?.split(' ') ?? []), BUN, ...(process.env.AB_BUN_ARGS?.split(' ') ?? []), fileURLToPath(script)];
    process.stdout.write(execFileSync(argv[0]!, argv.slice(1), { env: { ...process.env, AB_JOB: JSON.stringify(job) }, encoding: 'utf8' }));
    await s3.close();
  } finally {
    await server.stop();
  }
}

/** bench/canned-server.ts under Bun, on the port it prints; stopped with SIGTERM. Also for ab-node-canned.ts. */
export async function cannedServer(bun: string) {
  const child = spawn(bun, [fileURLToPath(new URL('./canned-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  if (!(port > 0)) throw new Error(`canned-server.ts printed ${JSON.stringify(line.toString())}`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId: 'AKIDCANNED',
    secretAccessKey: 'canned-secret-not-checked',
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
