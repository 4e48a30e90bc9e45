// Scratch A/B of the first GETs of a fresh process, bundled as the client benchmark's workers are
// (no TypeScript loader in the child): each variant's child makes three 256 MiB GETs on one
// connection and reports MiB/s and client CPU for each. Variants: s3wire getObject (on undici, and
// on netTransport(): s3wire's own HTTP/1.1 on node:net), s3wire's undici transport alone on a
// presigned URL, the same with a header signature made by s3wire's signer, and node:http on the
// presigned URL (what the AWS SDK and minio-js read bodies with).
// It tells what a first transfer costs in any client from what s3wire's code costs.
// AB_NODE_ARGS are the children's Node flags (`--cpu-prof --cpu-prof-dir=DIR`).
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-first-get.ts [--rounds=5] [--mib=256] [--gets=3] [--warm]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { netTransport, S3Client } from '../src/index.ts';
import { undiciTransport } from '../src/http/undici-transport.ts';
import { createSigner } from '../src/sigv4/index.ts';
import { median } from './shared.ts';
import type { Target } from './clients/node-clients.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const VARIANTS = ['getObject', 'getObject-net', 'transport-presigned', 'transport-signed', 'node-http-presigned'] as const;
const GETS = Number(arg("gets") ?? 3);
/** --warm: each child first GETs the object's first byte, untimed, so GET 1 no longer pays for loading the HTTP code and connecting. */
const WARM = process.argv.includes('--warm');
/** One GET: MiB/s, the process's CPU (ms, and of it in the kernel) and its minor page faults. */
interface Run {
  mibs: number;
  cpuMs: number;
  sysMs: number;
  faults: number;
}

/** What a child needs: the server and object (Target: endpoint, region, keys, bucket), and more. */
interface Job extends Target {
  key: string;
  size: number;
  presignedPath: string;
}

async function child(variant: string, job: Job): Promise<void> {
  const origin = new URL(job.endpoint).origin;
  const host = new URL(job.endpoint).host;
  const path = `/${job.bucket}/${job.key}`;
  const count = async (body: AsyncIterable<Uint8Array>) => {
    let n = 0;
    for await (const c of body) n += c.length;
    if (n !== job.size) throw new Error(`${variant}: ${n} bytes, not ${job.size}`);
  };
  let get: () => Promise<void>;
  /** The first byte only: a range of one byte. */
  let warm: () => Promise<void>;
  if (variant === 'getObject' || variant === 'getObject-net') {
    const s3 = new S3Client({ endpoint: job.endpoint, region: job.region, credentials: job, ...(variant === 'getObject-net' ? { transport: netTransport() } : {}) });
    get = async () => count((await s3.getObject({ bucket: job.bucket, key: job.key })).body);
    warm = async () => void (await (await s3.getObject({ bucket: job.bucket, key: job.key, range: { start: 0, end: 0 } })).body.bytes());
  } else if (variant === 'node-http-presigned') {
    // What the AWS SDK and minio-js read bodies with: node:http, its C++ parser and 'data' events.
    const { Agent, request } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    get = () =>
      new Promise<void>((resolve, reject) => {
        request(origin + job.presignedPath, { agent }, (res) => count(res).then(resolve, reject)).on('error', reject).end();
      });
    warm = () =>
      new Promise<void>((resolve, reject) => {
        request(origin + job.presignedPath, { agent, headers: { range: 'bytes=0-0' } }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
      });
  } else {
    const transport = undiciTransport();
    const signer = createSigner({ credentials: job, region: job.region, service: 's3' });
    const send = (extra: Record<string, string>) => {
      let headers: Record<string, string> = { ...extra };
      if (variant === 'transport-signed') {
        const signed = signer.sign({ method: 'GET', path, headers: { host } }, { date: new Date(), payload: { kind: 'bytes', data: '' } });
        headers = { host, ...signed.headers, ...extra };
      }
      return transport.send({ method: 'GET', origin, path: variant === 'transport-signed' ? path : job.presignedPath, headers });
    };
    get = async () => count((await send({})).body);
    warm = async () => void (await (await send({ range: 'bytes=0-0' })).body.bytes());
  }
  if (WARM) await warm();
  const out: Run[] = [];
  for (let i = 0; i < GETS; i++) {
    const r0 = process.resourceUsage();
    const t0 = performance.now();
    await get();
    const r1 = process.resourceUsage();
    out.push({ mibs: job.size / 2 ** 20 / ((performance.now() - t0) / 1000), cpuMs: (r1.userCPUTime - r0.userCPUTime + r1.systemCPUTime - r0.systemCPUTime) / 1000, sysMs: (r1.systemCPUTime - r0.systemCPUTime) / 1000, faults: r1.minorPageFault - r0.minorPageFault });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

const variant = arg('child');
if (variant) await child(variant, JSON.parse(process.env.AB_JOB!) as Job);
else {
  const { build } = await import('esbuild');
  const { startBenchServer } = await import('./clients/server.ts');
  const rounds = Number(arg('rounds') ?? 5);
  const size = Number(arg('mib') ?? 256) * 2 ** 20;
  const here = fileURLToPath(new URL('.', import.meta.url));
  const bundle = join(here, 'results', 'tmp', 'ab-first-get.mjs');
  mkdirSync(join(here, 'results', 'tmp'), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['esbuild', './clients/server.ts'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const server = await startBenchServer('minio');
  try {
    const bucket = 'ab-first-get';
    const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
    await s3.createBucket({ bucket });
    const piece = new Uint8Array(1 << 20).map((_, i) => i * 7);
    await s3.upload({ bucket, key: 'big', partSize: 16 << 20, body: (async function* () { for (let i = 0; i < size >> 20; i++) yield piece; })() });
    const url = new URL((await s3.presignGetObject({ bucket, key: 'big' })).url);
    const job: Job = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, bucket, key: 'big', size, presignedPath: url.pathname + url.search };
    const runs = new Map<string, Run[][]>(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < VARIANTS.length; i++) {
        const v = VARIANTS[(i + r) % VARIANTS.length]!;
        const out = execFileSync(process.execPath, [...(process.env.AB_NODE_ARGS?.split(' ') ?? []), bundle, `--child=${v}`, `--gets=${GETS}`, ...(WARM ? ['--warm'] : [])], { env: { ...process.env, AB_JOB: JSON.stringify(job) }, encoding: 'utf8' });
        if (process.env.AB_SHOW) process.stderr.write(out);
        runs.get(v)!.push(JSON.parse(out.trim().split('\n').at(-1)!));
      }
    }
    console.log(`${size / 2 ** 20} MiB GETs, ${GETS} per fresh bundled process${WARM ? ' after a GET of one byte' : ''}, ${rounds} rounds, minio on 127.0.0.1: medians, MiB/s, client CPU ms (user + system; sys: of it in the kernel) and minor page faults`);
    for (const [v, rs] of runs) {
      const cells = Array.from({ length: GETS }, (_, i) => `GET ${i + 1}: ${median(rs.map((x) => x[i]!.mibs)).toFixed(0).padStart(5)} MiB/s, cpu ${median(rs.map((x) => x[i]!.cpuMs)).toFixed(0).padStart(4)} ms (sys ${median(rs.map((x) => x[i]!.sysMs)).toFixed(0)}), ${median(rs.map((x) => x[i]!.faults)).toFixed(0)} faults`);
      console.log(`${v.padEnd(20)} ${cells.join(' | ')}`);
    }
    await s3.close();
  } finally {
    await server.stop();
  }
}
