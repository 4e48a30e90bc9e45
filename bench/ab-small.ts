// Scratch A/B of small requests (4 KiB PUT, GET, HEAD, DELETE at concurrency 1 and 32) between
// this checkout's s3wire and another build, in one process against one local MinIO, interleaved.
// Reports ops/s and client CPU per op (this process only: the server's CPU is not counted).
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-small.ts --old=/path/to/other/src/index.ts [--rounds=7] [--ms=600] [--ops=put,head] [--conc=32]
import { S3Client } from '../src/index.ts';
import { startBenchServer } from './clients/server.ts';
import { median } from './shared.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const OLD = arg('old');
if (!OLD) throw new Error('--old=/path/to/other/src/index.ts is required');
const ROUNDS = Number(arg('rounds') ?? 7);
const MS = Number(arg('ms') ?? 600);
const ALL = ['put', 'get', 'head', 'delete'] as const;
const OPS = (arg('ops')?.split(',') as (typeof ALL)[number][] | undefined) ?? ALL;
const CONCS = arg('conc')?.split(',').map(Number) ?? [1, 32];
const body = new Uint8Array(4096).fill(7);

const server = await startBenchServer('minio');
try {
  const Old = ((await import(OLD)) as typeof import('../src/index.ts')).S3Client;
  const opts = { endpoint: server.endpoint, region: server.region, credentials: server };
  const clients = { new: new S3Client(opts), old: new Old(opts) as unknown as S3Client };
  const bucket = 'ab-small';
  await clients.new.createBucket({ bucket });
  const keys = Array.from({ length: 32 }, (_, i) => `k${i}`);
  const one = async (c: S3Client, op: (typeof ALL)[number], key: string) => {
    if (op === 'put') await c.putObject({ bucket, key, body });
    else if (op === 'get') await (await c.getObject({ bucket, key })).body.bytes();
    else if (op === 'head') await c.headObject({ bucket, key });
    else {
      await c.deleteObject({ bucket, key });
      await c.putObject({ bucket, key, body }); // put back for the next run; counted as one op pair
    }
  };
  /** Runs `op` for ~MS ms at `conc`; ops/s and CPU µs per op. */
  const run = async (c: S3Client, op: (typeof ALL)[number], conc: number) => {
    let n = 0;
    const end = performance.now() + MS;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      keys.slice(0, conc).map(async (k) => {
        while (performance.now() < end) {
          await one(c, op, k);
          n++;
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    return { opsPerS: n / s, cpuUs: (cpu.user + cpu.system) / n };
  };
  for (const k of keys) await clients.new.putObject({ bucket, key: k, body });
  const res = new Map<string, { opsPerS: number[]; cpuUs: number[] }>();
  for (const name of ['new', 'old'] as const) for (const conc of CONCS) for (const op of OPS) await run(clients[name], op, conc); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const conc of CONCS) {
      for (const op of OPS) {
        const order = r % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const);
        for (const name of order) {
          const x = await run(clients[name], op, conc);
          const key = `${op}@${conc} ${name}`;
          const e = res.get(key) ?? { opsPerS: [], cpuUs: [] };
          e.opsPerS.push(x.opsPerS);
          e.cpuUs.push(x.cpuUs);
          res.set(key, e);
        }
      }
    }
  }
  console.log(`4 KiB objects, ${ROUNDS} rounds of ${MS} ms, new = this checkout, old = ${OLD}: ops/s and client CPU µs/op (medians); "new/old" = median of per-round ratios of ops/s (DELETE runs are DELETE+PUT pairs)`);
  for (const conc of CONCS) {
    for (const op of OPS) {
      const a = res.get(`${op}@${conc} new`)!;
      const b = res.get(`${op}@${conc} old`)!;
      const ratio = median(a.opsPerS.map((x, i) => x / b.opsPerS[i]!));
      console.log(`${`${op}@${conc}`.padEnd(10)} new ${median(a.opsPerS).toFixed(0).padStart(5)} ops/s ${median(a.cpuUs).toFixed(0).padStart(4)} µs   old ${median(b.opsPerS).toFixed(0).padStart(5)} ops/s ${median(b.cpuUs).toFixed(0).padStart(4)} µs   new/old x${ratio.toFixed(2)}`);
    }
  }
  await clients.new.close();
  await clients.old.close();
} finally {
  await server.stop();
}
