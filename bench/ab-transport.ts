// Scratch A/B in one warm process: large GET bodies over undici request(), undici dispatch() with
// the transport's handler, node:http, and s3wire's getObject() and download(), on one 256 MiB object
// from a local MinIO. Variants interleaved round by round; medians and per-round ratios printed.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-transport.ts [--rounds=7] [--mib=256]
//   [--only=3,0,6] (variants by index, the first is the baseline of the ratios)
//   [--old=/path/to/other/checkout/src/index.ts] (adds its getObject and download as the last two)
import http from 'node:http';
import { Agent } from 'undici';
import { dispatchRequest } from '../src/http/undici-response.ts';
import { S3Client } from '../src/index.ts';
import { startBenchServer } from './clients/server.ts';
import { median } from './shared.ts';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const ROUNDS = arg('rounds', 7);
const MIB = arg('mib', 256);
const SIZE = MIB * 1024 * 1024;
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1]?.split(',');

type Variant = { name: string; get: (path: string) => Promise<number> };

async function count(body: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of body) n += c.length;
  return n;
}

function undiciRequest(name: string, agent: Agent, origin: string, bodyHwm?: number): Variant {
  return {
    name,
    async get(path) {
      const r = await agent.request({ origin, path, method: 'GET', ...(bodyHwm ? { highWaterMark: bodyHwm } : {}) });
      return count(r.body);
    },
  };
}

/** The transport's own dispatch() handler (src/http/undici-response.ts) on a given Agent. */
function undiciDispatch(name: string, agent: Agent, origin: string): Variant {
  return {
    name,
    get: async (path) => count((await dispatchRequest(agent, { origin, path, method: 'GET', headers: {} })).body),
  };
}

function nodeHttp(name: string, agent: http.Agent, origin: string): Variant {
  const u = new URL(origin);
  return {
    name,
    get: (path) =>
      new Promise((resolve, reject) => {
        const req = http.request({ agent, host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
          count(res).then(resolve, reject);
        });
        req.on('error', reject);
        req.end();
      }),
  };
}

const server = await startBenchServer('minio');
try {
  const bucket = 'ab-transport';
  const key = `obj-${MIB}`;
  const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
  await s3.createBucket({ bucket });
  const chunk = Buffer.alloc(1024 * 1024, 7);
  await s3.upload({
    bucket,
    key,
    body: (async function* () {
      for (let i = 0; i < MIB; i++) yield chunk;
    })(),
    partSize: 16 * 1024 * 1024,
  });
  const origin = new URL(server.endpoint).origin;
  const presigned = async () => new URL((await s3.presignGetObject({ bucket, key })).url).pathname + new URL((await s3.presignGetObject({ bucket, key })).url).search;
  const path = await presigned();
  const base = { connections: 64, keepAliveTimeout: 20_000 };
  const agents = {
    plain: new Agent(base),
    sock256k: new Agent({ ...base, connect: { highWaterMark: 256 * 1024 } as never }),
    sock1m: new Agent({ ...base, connect: { highWaterMark: 1024 * 1024 } as never }),
  };
  const nodeAgent = new http.Agent({ keepAlive: true });
  const s3wire = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
  let variants: Variant[] = [
    undiciRequest('request() (the old transport)', agents.plain, origin),
    undiciRequest('request, body hwm 1M', agents.plain, origin, 1 << 20),
    undiciRequest('request, socket hwm 1M', agents.sock1m, origin),
    undiciDispatch('dispatch', agents.plain, origin),
    undiciDispatch('dispatch, socket 256k', agents.sock256k, origin),
    undiciDispatch('dispatch, socket 1M', agents.sock1m, origin),
    nodeHttp('node:http keep-alive', nodeAgent, origin),
    { name: 's3wire getObject', get: async () => count((await s3wire.getObject({ bucket, key })).body) },
    { name: 's3wire download 8M x4', get: async () => count((await s3wire.download({ bucket, key, partSize: 8 << 20, concurrency: 4 })).body) },
    { name: 's3wire download 8M x2', get: async () => count((await s3wire.download({ bucket, key, partSize: 8 << 20, concurrency: 2 })).body) },
    { name: 's3wire download 8M x1', get: async () => count((await s3wire.download({ bucket, key, partSize: 8 << 20, concurrency: 1 })).body) },
    { name: 's3wire download 32M x4', get: async () => count((await s3wire.download({ bucket, key, partSize: 32 << 20, concurrency: 4 })).body) },
  ];
  // --old=/path/to/other/checkout/src/index.ts: the same two calls on that build, in the same process.
  const oldSrc = process.argv.find((a) => a.startsWith('--old='))?.slice(6);
  if (oldSrc) {
    const Old = ((await import(oldSrc)) as typeof import('../src/index.ts')).S3Client;
    const old = new Old({ endpoint: server.endpoint, region: server.region, credentials: server });
    variants.push(
      { name: 'old getObject', get: async () => count((await old.getObject({ bucket, key })).body) },
      { name: 'old download 8M x4', get: async () => count((await old.download({ bucket, key, partSize: 8 << 20, concurrency: 4 })).body) },
    );
  }
  if (only) variants = only.map((i) => variants[Number(i)]!);
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpuMs = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) if ((await v.get(path)) !== SIZE) throw new Error(`${v.name}: wrong size`);
  for (let r = 0; r < ROUNDS; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
    for (const v of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const n = await v.get(path);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpuMs.get(v.name)!.push((c.user + c.system) / 1000);
      if (n !== SIZE) throw new Error(`${v.name}: ${n} bytes`);
      results.get(v.name)!.push(MIB / (ms / 1000));
    }
  }
  // Ratios are taken within a round (the same load on the machine), against the first variant.
  const first = results.get(variants[0]!.name)!;
  console.log(`GET ${MIB} MiB from MinIO, ${ROUNDS} interleaved rounds: MiB/s median (min..max), median of per-round ratios to "${variants[0]!.name}", client CPU ms per GET (median)`);
  for (const [name, xs] of results) {
    const ratio = median(xs.map((x, i) => x / first[i]!));
    console.log(`${name.padEnd(28)} ${median(xs).toFixed(0).padStart(6)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)})  x${ratio.toFixed(2)}  cpu ${median(cpuMs.get(name)!).toFixed(0)}`);
  }
  await Promise.all(Object.values(agents).map((a) => a.close()));
  nodeAgent.destroy();
  await s3wire.close();
  await s3.close();
} finally {
  await server.stop();
}
