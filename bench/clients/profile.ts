// Where s3wire's time goes in one small-object loop (or a large upload/download), by V8's CPU
// profiler, against a local server started as in clients.ts:
//   npm run clients:profile -- --op=get --concurrency=32 [--seconds=5] [--server=minio]
//   npm run clients:profile -- --op=upload|download [--size=256]
//   npm run clients:profile -- --op=list [--keys=10000]
// Prints the self time per function and per area (src/ file, undici, node internals, GC, idle)
// and writes the .cpuprofile to results/tmp/ (open it in Chrome DevTools or speedscope).
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '../../src/index.ts';
import { generate, smallBody } from './data.ts';
import { poolKey, POOL_SIZE, runSmall, SMALL_SIZE, type SmallOp } from './loop.ts';
import { NODE_CLIENTS } from './node-clients.ts';
import { startBenchServer, type BenchServerKind } from './server.ts';
import { BENCH_DIR } from './workers.ts';

const argText = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const OP = (argText('op') ?? 'get') as SmallOp | 'upload' | 'download' | 'list';
const KEYS = Number(argText('keys') ?? 10_000);
const CONCURRENCY = Number(argText('concurrency') ?? 32);
const SECONDS = Number(argText('seconds') ?? 5);
const SIZE = Number(argText('size') ?? 256) * 2 ** 20;
const CLIENT = argText('client') ?? 's3wire';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)' || fn === '(idle)' || fn === '(program)') return fn;
  const src = /\/src\/(.+\.ts)/.exec(url);
  if (src && !url.includes('node_modules')) return `src/${src[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (!url) return '(native / V8)';
  return url.replace(/^file:\/\//, '').replace(BENCH_DIR, 'bench');
}

function summarize(p: Profile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${area(f.url, f.functionName)}:${f.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const a = area(f.url, f.functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `self time by area:\n${top(areas, 20)}\n\nself time by function:\n${top(fns, 35)}`;
}

const server = await startBenchServer((argText('server') ?? 'minio') as BenchServerKind);
const target = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, bucket: 'bench' };
const session = new Session();
try {
  const setup = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: target });
  await setup.createBucket({ bucket: target.bucket });
  for (let i = 0; i < POOL_SIZE; i++) await setup.putObject({ bucket: target.bucket, key: poolKey(i), body: smallBody(i, SMALL_SIZE) });
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  let profile: Profile;
  let summary: string;
  if (OP === 'list') {
    let next = 0;
    const empty = new Uint8Array(16);
    await Promise.all(Array.from({ length: 32 }, async () => {
      for (let i; (i = next++) < KEYS; ) await setup.putObject({ bucket: target.bucket, key: `list/${String(i).padStart(6, '0')}`, body: empty });
    }));
    const client = await NODE_CLIENTS.find((d) => d.id === CLIENT)!.create(target);
    await client.list!('list/');
    await session.post('Profiler.start');
    const t0 = performance.now();
    let rounds = 0;
    while (performance.now() - t0 < SECONDS * 1000) {
      if ((await client.list!('list/')) !== KEYS) throw new Error('short listing');
      rounds++;
    }
    const ms = performance.now() - t0;
    profile = (await session.post('Profiler.stop')).profile as unknown as Profile;
    summary = `${CLIENT} listing of ${KEYS} keys x ${rounds}: ${(ms / rounds / 1000).toFixed(2)} s each`;
  } else if (OP === 'upload' || OP === 'download') {
    if (OP === 'download') await setup.upload({ bucket: target.bucket, key: 'large/source', body: generate(SIZE) });
    const c = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: target });
    await session.post('Profiler.start');
    const t0 = performance.now();
    if (OP === 'upload') await c.upload({ bucket: target.bucket, key: 'large/up', body: generate(SIZE), partSize: 8 * 2 ** 20, concurrency: 4 });
    else for await (const _ of (await c.getObject({ bucket: target.bucket, key: 'large/source' })).body);
    const ms = performance.now() - t0;
    profile = (await session.post('Profiler.stop')).profile as unknown as Profile;
    summary = `${OP} of ${SIZE / 2 ** 20} MiB: ${((SIZE / 2 ** 20) / (ms / 1000)).toFixed(0)} MiB/s`;
  } else {
    const client = await NODE_CLIENTS.find((d) => d.id === CLIENT)!.create(target);
    // Warm up, then size the profiled run to about SECONDS.
    const warm = await runSmall(client, { op: OP, concurrency: CONCURRENCY, n: CONCURRENCY * 20, prefix: 'profile/' });
    const n = Math.max(CONCURRENCY, Math.round(((warm.n / warm.ms) * 1000 * SECONDS) / CONCURRENCY) * CONCURRENCY);
    if (OP === 'delete') await runSmall(client, { op: 'put', concurrency: CONCURRENCY, n, prefix: 'profile/' });
    await session.post('Profiler.start');
    const r = await runSmall(client, { op: OP, concurrency: CONCURRENCY, n, prefix: 'profile/' });
    profile = (await session.post('Profiler.stop')).profile as unknown as Profile;
    summary = `${CLIENT} ${OP} x ${n} at concurrency ${CONCURRENCY}: ${((r.n / r.ms) * 1000).toFixed(0)} ops/s, ${((r.ms * 1000) / r.n).toFixed(0)} µs/op`;
    await client.close?.();
  }
  const dir = join(BENCH_DIR, 'results', 'tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `profile-${CLIENT}-${OP}-${CONCURRENCY}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`${summary}\nprofile: ${file}\n\n${summarize(profile)}`);
  await setup.close();
} finally {
  session.disconnect();
  await server.stop();
}
