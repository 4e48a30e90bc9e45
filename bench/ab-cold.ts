// Scratch A/B in fresh processes, as bench/clients.ts times large downloads: each variant's child
// process makes its client, then times its first 256 MiB GET (cold) and a second one (warm).
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-cold.ts [--rounds=5] [--mib=256] [--only=a,b]
//   [--old=/path/to/other/checkout/src/index.ts]: adds old-get, old-get-net and old-download, the same calls on that build.
//   [--node-flags="--wasm-tiering-budget=2000000000 ..."]: flags for every child's node (space-separated).
// Children run an esbuild bundle of this file, as bench/clients.ts runs its workers, so that their
// RSS (VmHWM, "peak RSS") and heap are the libraries', not tsx's; with --old, under tsx.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './shared.ts';
import type { Target } from './clients/node-clients.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const MIB = Number(arg('mib') ?? 256);
const SIZE = MIB * 1024 * 1024;

/** What a child needs: the server and object (Target: endpoint, region, keys, bucket), and more. */
interface Job extends Target {
  key: string;
  path: string;
}

async function count(body: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of body) n += c.length;
  return n;
}

type Make = (j: Job) => Promise<() => Promise<number>>;
const OLD = arg('old') ?? process.env.AB_OLD;
const NODE_FLAGS = process.argv.find((a) => a.startsWith('--node-flags='))?.slice('--node-flags='.length).split(' ').filter(Boolean) ?? [];
type S3wire = typeof import('../src/index.ts');
/** getObject on undici and on netTransport(), and download(), of the s3wire that `load` gives. */
const s3wireFrom = (load: () => Promise<S3wire>): Record<'get' | 'net' | 'download', Make> => {
  const client = async (j: Job, net: boolean) => {
    const { S3Client, netTransport } = await load();
    return new S3Client({ endpoint: j.endpoint, region: j.region, credentials: j, ...(net ? { transport: netTransport() } : {}) });
  };
  return {
    async get(j) {
      const c = await client(j, false);
      return async () => count((await c.getObject({ bucket: j.bucket, key: j.key })).body);
    },
    async net(j) {
      const c = await client(j, true);
      return async () => count((await c.getObject({ bucket: j.bucket, key: j.key })).body);
    },
    async download(j) {
      const c = await client(j, false);
      return async () => count((await c.download({ bucket: j.bucket, key: j.key, partSize: 8 << 20, concurrency: 4 })).body);
    },
  };
};
// This tree's with a literal import, so that the children's bundle holds it; --old's as it is.
const ours = s3wireFrom(() => import('../src/index.ts'));
const old = OLD ? s3wireFrom(() => import(OLD) as Promise<S3wire>) : undefined;
const VARIANTS: Record<string, Make> = {
  ...(old ? { 'old-get': old.get, 'old-get-net': old.net, 'old-download': old.download } : {}),
  's3wire-get': ours.get,
  's3wire-get-net': ours.net,
  's3wire-download': ours.download,
  ...Object.fromEntries(
    [
      [32, 4],
      [8, 2],
      [8, 1],
    ].map(([mib, concurrency]) => [
      `s3wire-download-${mib}x${concurrency}`,
      (async (j) => {
        const { S3Client } = await import('../src/index.ts');
        const c = new S3Client({ endpoint: j.endpoint, region: j.region, credentials: j });
        return async () => count((await c.download({ bucket: j.bucket, key: j.key, partSize: mib! << 20, concurrency })).body);
      }) as Make,
    ]),
  ),
  // s3wire with the modules it loads on its first request already loaded (what that load costs).
  async 's3wire-get-preloaded'(j) {
    await import('undici/lib/dispatcher/agent.js' as string);
    await (await import('../src/xml/parser.ts')).loadXmlParser();
    return VARIANTS['s3wire-get']!(j);
  },
  // The transport alone on the presigned URL: no signing, no S3 client.
  async 'transport'(j) {
    const { undiciTransport } = await import('../src/http/undici-transport.ts');
    const t = undiciTransport();
    const origin = new URL(j.endpoint).origin;
    return async () => count((await t.send({ method: 'GET', origin, path: j.path, headers: {} })).body);
  },
  async 'undici-request'(j) {
    const { Agent } = await import('undici');
    const a = new Agent({ connections: 64, keepAliveTimeout: 20_000 });
    const origin = new URL(j.endpoint).origin;
    return async () => count((await a.request({ origin, path: j.path, method: 'GET' })).body);
  },
  ...Object.fromEntries(
    [0, 256, 1024].map((kib) => [
      `dispatch-sock${kib || 64}k`,
      (async (j) => {
        const { default: Agent } = (await import('undici/lib/dispatcher/agent.js' as string)) as { default: typeof import('undici').Agent };
        const { dispatchRequest } = await import('../src/http/undici-response.ts');
        const a = new Agent({ connections: 64, keepAliveTimeout: 20_000, ...(kib ? { connect: { highWaterMark: kib * 1024 } as never } : {}) });
        const origin = new URL(j.endpoint).origin;
        return async () => count((await dispatchRequest(a, { origin, path: j.path, method: 'GET', headers: {} })).body);
      }) as Make,
    ]),
  ),
  // Node's own fetch (its bundled undici), as s3mini and aws4fetch use it, on the presigned URL.
  async 'fetch'(j) {
    const url = new URL(j.endpoint).origin + j.path;
    return async () => count((await fetch(url)).body as unknown as AsyncIterable<Uint8Array>);
  },
  async 'node-http'(j) {
    const agent = new http.Agent({ keepAlive: true });
    const u = new URL(j.endpoint);
    return () =>
      new Promise((resolve, reject) => {
        const req = http.request({ agent, host: u.hostname, port: u.port, path: j.path, method: 'GET' }, (res) => count(res).then(resolve, reject));
        req.on('error', reject);
        req.end();
      });
  },
};

const child = arg('child');
if (child) {
  const job = JSON.parse(process.env.AB_JOB!) as Job;
  const get = await VARIANTS[child]!(job);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const n1 = await get();
  const t1 = performance.now();
  const c1 = cpu();
  const n2 = await get();
  const t2 = performance.now();
  const c2 = cpu();
  if (n1 !== SIZE || n2 !== SIZE) throw new Error(`${child}: ${n1}/${n2} bytes`);
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
  process.stdout.write(JSON.stringify({ cold: MIB / ((t1 - t0) / 1000), warm: MIB / ((t2 - t1) / 1000), coldCpu: c1 - c0, warmCpu: c2 - c1, hwm }) + '\n');
  process.exit(0);
} else {
  const { S3Client } = await import('../src/index.ts');
  const { startBenchServer } = await import('./clients/server.ts');
  const rounds = Number(arg('rounds') ?? 5);
  const names = arg('only')?.split(',') ?? Object.keys(VARIANTS);
  const server = await startBenchServer('minio');
  try {
    const bucket = 'ab-cold';
    const key = `obj-${MIB}`;
    const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
    await s3.createBucket({ bucket });
    const piece = randomBytes(1 << 20);
    await s3.upload({ bucket, key, partSize: 16 << 20, body: (async function* () { for (let i = 0; i < MIB; i++) yield piece; })() });
    const u = new URL((await s3.presignGetObject({ bucket, key })).url);
    const job: Job = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, bucket, key, path: u.pathname + u.search };
    const self = fileURLToPath(import.meta.url);
    let childArgs = ['--import', 'tsx', self];
    if (!OLD) {
      const bundle = join(dirname(self), 'results', 'tmp', 'ab-cold.mjs');
      const { build } = await import('esbuild');
      await build({
        entryPoints: [self],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        external: ['esbuild', './clients/server.ts'],
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        logLevel: 'warning',
      });
      childArgs = [bundle];
    }
    const res = new Map(names.map((n) => [n, { cold: [] as number[], warm: [] as number[], coldCpu: [] as number[], warmCpu: [] as number[], hwm: [] as number[] }]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < names.length; i++) {
        const n = names[(i + r) % names.length]!;
        const out = execFileSync(process.execPath, [...NODE_FLAGS, ...childArgs, `--child=${n}`, `--mib=${MIB}`], { env: { ...process.env, AB_JOB: JSON.stringify(job), ...(OLD ? { AB_OLD: OLD } : {}) }, encoding: 'utf8' });
        const got = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
        const into = res.get(n)! as Record<string, number[]>;
        for (const k in into) into[k]!.push(got[k]!);
      }
    }
    // Ratios are taken within a round (the same load on the machine), against the first variant.
    const first = res.get(names[0]!)!;
    console.log(`GET ${MIB} MiB, fresh process per variant and round, ${rounds} rounds: MiB/s median (min..max), median of per-round ratios to "${names[0]}", client CPU ms (user+system) median, peak RSS MiB median${NODE_FLAGS.length ? `; node ${NODE_FLAGS.join(' ')}` : ''}`);
    for (const [n, { cold, warm, coldCpu, warmCpu, hwm }] of res) {
      const f = (xs: number[]) => `${median(xs).toFixed(0).padStart(5)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)})`;
      const ratio = (xs: number[], of: number[]) => median(xs.map((x, i) => x / of[i]!)).toFixed(2);
      console.log(
        `${n.padEnd(18)} first GET ${f(cold)} x${ratio(cold, first.cold)} cpu ${median(coldCpu).toFixed(0).padStart(4)}   second GET ${f(warm)} x${ratio(warm, first.warm)} cpu ${median(warmCpu).toFixed(0).padStart(4)}   peak RSS ${median(hwm).toFixed(0)}`,
      );
    }
    await s3.close();
  } finally {
    await server.stop();
  }
}
