// A/B under Node of what each request costs the client, against bench/canned-server.ts (run under
// Bun: fixed MinIO answers, no signature checks, so nearly all the CPU measured is the client's):
// 4 KiB objects, concurrency 32, in this one Node process. Variants: undici's request() with a HEAD
// signed once; s3wire's undici transport alone with that HEAD, and signed each time; netTransport()
// alone with that HEAD; s3wire's headObject, getObject and putObject on undici and on netTransport(); and, with --old=<worktree>/src/index.ts, another build's.
// Variants interleave, the order rotating each round, after a warm-up round; prints each one's
// median ops/s and CPU per operation of this process. --only=a,b keeps variants whose name holds a or b.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-node-canned.ts [--n=5000] [--rounds=5] [--only=Object] [--old=...]
import { Agent, request } from 'undici';
import { netTransport, S3Client } from '../src/index.ts';
import { undiciTransport } from '../src/http/undici-transport.ts';
import { createSigner } from '../src/sigv4/index.ts';
import { cannedServer } from './ab-bun-run.ts';
import { BUN } from './clients/workers.ts';
import { runInterleaved } from './shared.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(arg('n') ?? 5000);
const ROUNDS = Number(arg('rounds') ?? 5);
const ONLY = arg('only');
const OLD = arg('old');

const server = await cannedServer(BUN);
try {
  const { endpoint, region } = server;
  const bucket = 'bench';
  const key = 'obj';
  const u = new URL(endpoint);
  const path = `/${bucket}/${key}`;
  const signer = createSigner({ credentials: server, region, service: 's3' });
  const signHead = () => signer.sign({ method: 'HEAD', path, headers: { host: u.host } }, { date: new Date(), payload: { kind: 'bytes', data: '' } }).headers;
  // Signed once, sent every time (the canned server checks nothing): the transport alone.
  const preSigned = { host: u.host, ...signHead() };
  const transport = undiciTransport();
  const net = netTransport();
  const agent = new Agent({ connections: 64, keepAliveTimeout: 20_000 });
  const opts = { endpoint, region, credentials: server };
  const s3 = new S3Client(opts);
  const s3net = new S3Client({ ...opts, transport: netTransport() });
  const old = OLD ? (new (await import(OLD)).S3Client(opts) as S3Client) : undefined;
  const body = new Uint8Array(4096).fill(7);
  const clients: Array<[string, S3Client]> = [['s3wire', s3], ['s3wire-net', s3net], ...(old ? [['old', old] as [string, S3Client]] : [])];
  const all: Record<string, () => Promise<unknown>> = {
    'undici request() HEAD, signed once': async () => {
      const r = await request(endpoint + path, { method: 'HEAD', headers: preSigned, dispatcher: agent, reset: false } as never);
      await r.body.dump();
    },
    'transport HEAD, signed once': async () => {
      await (await transport.send({ method: 'HEAD', origin: endpoint, path, headers: preSigned })).body.discard();
    },
    'netTransport HEAD, signed once': async () => {
      await (await net.send({ method: 'HEAD', origin: endpoint, path, headers: preSigned })).body.discard();
    },
    'transport HEAD, signed each time': async () => {
      await (await transport.send({ method: 'HEAD', origin: endpoint, path, headers: { host: u.host, ...signHead() } })).body.discard();
    },
  };
  for (const [name, c] of clients) {
    all[`${name} headObject`] = async () => {
      if ((await c.headObject({ bucket, key })).contentLength !== 4096) throw new Error('HEAD: wrong size');
    };
    all[`${name} getObject`] = async () => {
      if ((await (await c.getObject({ bucket, key })).body.bytes()).length !== 4096) throw new Error('GET: wrong size');
    };
    all[`${name} putObject`] = () => c.putObject({ bucket, key, body });
  }
  console.log(`4 KiB objects under node ${process.version}, concurrency 32, ${N} per run, median of ${ROUNDS} rounds [canned server: bench/canned-server.ts]`);
  await runInterleaved(all, { n: N, rounds: ROUNDS, only: ONLY });
  await Promise.all([s3.close(), s3net.close(), old?.close(), transport.close(), net.close(), agent.close()]);
} finally {
  await server.stop();
}
