// A/B of the listing's one-page read-ahead: listObjects of 10,000 keys with readAhead on and off,
// interleaved, in one process against one local server, optionally through a loopback proxy that
// holds every chunk for --delay ms each way (a remote server's round trip); with
// --old=<worktree>/src/index.ts, another build's listing (read-ahead on) beside them. Medians over
// rounds of wall time and of this process's CPU (user + system) per listing.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-list.ts [--server=minio|s3s-fs] [--delay=10] [--rounds=12] [--keys=10000] [--old=...]
import net from 'node:net';
import { S3Client } from '../src/index.ts';
import { startBenchServer, type BenchServerKind } from './clients/server.ts';
import { median } from './shared.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SERVER = (arg('server') ?? 'minio') as BenchServerKind;
const DELAY = Number(arg('delay') ?? 0);
const ROUNDS = Number(arg('rounds') ?? 12);
const KEYS = Number(arg('keys') ?? 10_000);
const BUCKET = 'ab-list';

/** Forward `from` to `to`, each chunk held DELAY ms, in order (the sender is paused meanwhile). */
function delayed(from: net.Socket, to: net.Socket): void {
  from.on('data', (d) => {
    from.pause();
    setTimeout(() => {
      to.write(d);
      from.resume();
    }, DELAY);
  });
}

const server = await startBenchServer(SERVER);
const upstream = Number(new URL(server.endpoint).port);
const proxy = net.createServer((client) => {
  const up = net.connect(upstream, '127.0.0.1');
  if (DELAY > 0) {
    delayed(client, up);
    delayed(up, client);
  } else {
    client.pipe(up);
    up.pipe(client);
  }
  for (const [a, b] of [[client, up], [up, client]] as const) {
    a.on('error', () => b.destroy());
    a.on('close', () => b.destroy());
  }
});
try {
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  const s3 = new S3Client({ endpoint, region: server.region, credentials: server });
  await s3.createBucket({ bucket: BUCKET });
  let next = 0;
  const body = new Uint8Array(16);
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i; (i = next++) < KEYS; ) await s3.putObject({ bucket: BUCKET, key: `list/${String(i).padStart(6, '0')}`, body });
    }),
  );
  const oldPath = arg('old');
  const old = oldPath ? (new (await import(oldPath)).S3Client({ endpoint, region: server.region, credentials: server }) as S3Client) : undefined;
  type Mode = 'ahead' | 'sequential' | 'old';
  const modes: Mode[] = old ? ['ahead', 'sequential', 'old'] : ['ahead', 'sequential'];
  const ms: Record<Mode, number[]> = { ahead: [], sequential: [], old: [] };
  const cpu: Record<Mode, number[]> = { ahead: [], sequential: [], old: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < modes.length; i++) {
      const mode = modes[(i + round) % modes.length]!;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      let n = 0;
      for await (const _ of (mode === 'old' ? old! : s3).listObjects({ bucket: BUCKET, prefix: 'list/' }, { readAhead: mode !== 'sequential' })) n++;
      if (n !== KEYS) throw new Error(`listed ${n} keys, not ${KEYS}`);
      ms[mode].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[mode].push((c.user + c.system) / 1000);
    }
  }
  const a = median(ms.ahead);
  const s = median(ms.sequential);
  const show = (m: Mode) => `${median(ms[m]).toFixed(0)} ms (cpu ${median(cpu[m]).toFixed(0)} ms)`;
  console.log(`${SERVER}, ${KEYS} keys, +${DELAY} ms each way, ${ROUNDS} rounds: readAhead ${show('ahead')}, readAhead: false ${show('sequential')}: read-ahead ${(s / a).toFixed(2)}x as fast${old ? `; the other build (${oldPath}), readAhead: ${show('old')}` : ''}`);
  await old?.close();
  await s3.close();
} finally {
  proxy.close();
  await server.stop();
}
