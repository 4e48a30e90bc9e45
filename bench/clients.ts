// S3 clients against one local server: s3wire, the AWS SDK, minio-js, aws4fetch, lean-s3, s3mini
// and Bun's S3Client, with bare undici on presigned URLs as the floor. One run, one table.
//   cd bench && npm install && npm run clients [-- --quick --server=minio|s3s-fs|rustfs --tls]
// Every client lives in a process of its own (clients/worker.ts), is checked before anything is
// timed, and is run in turn with the others, in an order that rotates each round. README.md
// ("Clients") says how each library is called and what the figures mean.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { S3Client, undiciTransport } from '../src/index.ts';
import { generate, smallBody } from './clients/data.ts';
import { LARGE_CLIENTS, type FloorUrls, type LargeDef } from './clients/large-clients.ts';
import { errorText, poolKey, POOL_SIZE, sameBytes, SMALL_OPS, SMALL_SIZE, VALIDATE_BODY, type SmallClient, type SmallOp } from './clients/loop.ts';
import { agentOptions, NODE_CLIENTS, OPT_IN, presigner, type Target } from './clients/node-clients.ts';
import { machine, versions, writeReport, type Results, type Series } from './clients/report.ts';
import { defaultBenchServer, startBenchServer, type BenchServerKind } from './clients/server.ts';
import { buildWorker, DENO, nodeFlagsInWorkers, runLarge, SmallWorker, trustInWorkers, type Runtime } from './clients/workers.ts';

const argText = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => process.argv.includes(`--${name}`);
const QUICK = flag('quick');
const num = (name: string, full: number, quick: number) => Number(argText(name) ?? (QUICK ? quick : full));

const SERVER = (argText('server') ?? defaultBenchServer()) as BenchServerKind;
/** The server on https (a certificate made for the run), as s3wire is used against a real S3. */
const TLS = flag('tls');
const ROUNDS = num('rounds', 7, 2);
/** Seconds a small-object run should take at the median client's speed. */
const RUN_S = num('run-s', 0.6, 0.3);
const LIST_KEYS = num('keys', 10_000, 2_000);
const LIST_ROUNDS = num('list-rounds', 3, 1);
const LARGE_MIB = num('size', 256, 64);
const LARGE_ROUNDS = num('large-rounds', 5, 1);
const SETTINGS = { partSize: 8 * 1024 * 1024, concurrency: 4 } as const;
const CONCURRENCY = [1, 32] as const;
const ONLY = argText('clients')?.split(',');
const SKIP = new Set(argText('skip')?.split(',') ?? []);
/** Flags for every Node worker's node, space-separated (the run's header quotes the command). */
nodeFlagsInWorkers(argText('node-flags')?.split(' ').filter(Boolean) ?? []);
const BUCKET = 'bench';
// Where the server keeps its objects: a tmpfs by default, so that no disk (and no fsync) bounds the
// writes and the clients' own costs show. The launcher makes its folder under TMPDIR.
const DATA_DIR = argText('data-dir') ?? (existsSync('/dev/shm') ? '/dev/shm' : undefined);

const log = (s: string) => process.stderr.write(`[clients ${((performance.now() - START) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const START = performance.now();

interface SmallDef {
  readonly id: string;
  readonly label: string;
  readonly packages: readonly string[];
  readonly runtime: Runtime;
  readonly noList?: string;
}
const SMALL_CLIENTS: SmallDef[] = [
  ...NODE_CLIENTS.map((d) => ({ id: d.id, label: d.label, packages: d.packages, runtime: 'node' as const, ...(d.noList ? { noList: d.noList } : {}) })),
  { id: 'bun', label: 'Bun S3Client (under bun)', packages: ['bun'], runtime: 'bun' as const },
  { id: 's3wire-bun', label: 's3wire (under bun)', packages: ['s3wire', 'bun'], runtime: 'bun' as const },
  { id: 'floor-bun', label: "floor under bun: Bun's fetch on presigned URLs", packages: ['bun'], runtime: 'bun' as const, noList: 'continuation tokens are only known during the listing' },
  // Under Deno (when the root package's deno is installed): s3wire's deno entry, and Deno's fetch on presigned URLs.
  ...(DENO
    ? [
        { id: 's3wire-deno', label: 's3wire (under deno)', packages: ['s3wire', 'deno'], runtime: 'deno' as const },
        { id: 'floor-deno', label: "floor under deno: Deno's fetch on presigned URLs", packages: ['deno'], runtime: 'deno' as const, noList: 'continuation tokens are only known during the listing' },
      ]
    : []),
].filter((d) => (!ONLY && !OPT_IN.has(d.id)) || ONLY?.includes(d.id) || d.id === 's3wire' || d.id === 'floor');

/** Rotate the order each round, so no client is always first (or always right after another). */
function rotated<T>(xs: readonly T[], round: number): T[] {
  const k = round % xs.length;
  const out = [...xs.slice(k), ...xs.slice(0, k)];
  return round % 2 ? out.reverse() : out;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// Load average, sampled through the run: the machine may be shared.
const loads: number[][] = [];
const sampleLoad = async () => loads.push((await import('node:os')).loadavg());
const loadTimer = setInterval(() => void sampleLoad(), 10_000);

async function main(): Promise<void> {
  await sampleLoad();
  log(`building the worker bundle; starting ${SERVER}`);
  await buildWorker();
  if (DATA_DIR) process.env.TMPDIR = DATA_DIR;
  const server = await startBenchServer(SERVER, { tls: TLS });
  trustInWorkers(server.caFile);
  const target: Target = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, bucket: BUCKET, ...(server.ca ? { ca: server.ca } : {}) };
  const results: Results = {
    meta: {
      date: new Date().toISOString(),
      command: `npm run clients${process.argv.slice(2).length ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      quick: QUICK,
      tls: TLS,
      machine: machine(),
      server: { kind: server.kind, version: server.version, data: tmpdir() },
      versions: versions([...new Set([...SMALL_CLIENTS, ...LARGE_CLIENTS].flatMap((d) => d.packages))]),
      settings: { rounds: ROUNDS, runSeconds: RUN_S, listKeys: LIST_KEYS, listRounds: LIST_ROUNDS, largeMiB: LARGE_MIB, largeRounds: LARGE_ROUNDS, ...SETTINGS, smallSize: SMALL_SIZE },
      load: [],
    },
    clients: {},
    small: {},
    list: {},
    large: { upload: {}, download: {} },
  };
  try {
    const s3wire = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: target, ...(target.ca ? { transport: undiciTransport({ tls: { ca: target.ca } }) } : {}) });
    await s3wire.createBucket({ bucket: BUCKET });
    const floorDef = NODE_CLIENTS.find((d) => d.id === 'floor')!;
    const reference = await floorDef.create(target);
    await setupObjects(s3wire, target);
    if (!SKIP.has('small') || !SKIP.has('list')) await smallAndList(target, reference, results);
    if (!SKIP.has('large')) await large(target, results);
    await s3wire.close();
    await reference.close?.();
  } finally {
    await server.stop();
    clearInterval(loadTimer);
  }
  await sampleLoad();
  results.meta.load = loads;
  const files = writeReport(results);
  log(`wrote ${files.join(', ')}`);
}

/** The pool every client GETs and HEADs, and the keys every client lists. */
async function setupObjects(s3wire: S3Client, target: Target): Promise<void> {
  for (let i = 0; i < POOL_SIZE; i++) await s3wire.putObject({ bucket: target.bucket, key: poolKey(i), body: smallBody(i, SMALL_SIZE) });
  if (SKIP.has('list')) return;
  log(`writing ${LIST_KEYS} keys to list (32 at once)`);
  let next = 0;
  const body = new Uint8Array(16);
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i; (i = next++) < LIST_KEYS; ) await s3wire.putObject({ bucket: target.bucket, key: `list/${String(i).padStart(6, '0')}`, body });
    }),
  );
}

/** An independent look at an object, through bare undici: its bytes, or undefined if it is not there. */
async function referenceGet(reference: SmallClient, key: string): Promise<Uint8Array | undefined> {
  try {
    await reference.prepare?.('get', [key]);
    return await reference.get(key);
  } catch (e) {
    if (/HTTP 404/.test(String(e))) return undefined;
    throw e;
  }
}

async function smallAndList(target: Target, reference: SmallClient, results: Results): Promise<void> {
  const workers = new Map<string, SmallWorker>();
  const na = (id: string, why: string) => {
    results.clients[id] = { ...results.clients[id]!, na: why };
    log(`${id}: n/a: ${why}`);
  };
  for (const d of SMALL_CLIENTS) {
    results.clients[d.id] = { label: d.label, packages: [...d.packages], runtime: d.runtime };
    try {
      const w = await SmallWorker.start(d.runtime, { mode: 'small', client: d.id, target });
      workers.set(d.id, w);
      // Checked before timing: its GET returns the pool's bytes, its HEAD the size, and what it
      // PUTs is there (read back by bare undici) until its DELETE, after which it is gone.
      const key = `validate/${d.id}`;
      await w.call({ cmd: 'validate', key });
      const seen = await referenceGet(reference, key);
      if (!seen || !sameBytes(seen, smallBody(VALIDATE_BODY, SMALL_SIZE))) throw new Error(`its PUT of ${key} did not store the bytes given`);
      await w.call({ cmd: 'validate-delete', key });
      if ((await referenceGet(reference, key)) !== undefined) throw new Error(`its DELETE of ${key} left the object there`);
    } catch (e) {
      na(d.id, `failed the checks: ${errorText(e)}`);
      await workers.get(d.id)?.stop();
      workers.delete(d.id);
    }
  }
  const live = () => SMALL_CLIENTS.filter((d) => workers.has(d.id));

  if (!SKIP.has('small')) {
    const scenarios = CONCURRENCY.flatMap((c) => SMALL_OPS.map((op) => ({ op, c, name: `${op}@${c}` })));
    for (const s of scenarios) results.small[s.name] = {};
    const failed = new Set<string>();
    const runOne = async (d: SmallDef, op: SmallOp, c: number, n: number): Promise<{ rate: number; cpu: number } | undefined> => {
      const name = `${op}@${c}`;
      if (failed.has(`${d.id} ${name}`)) return undefined;
      try {
        const r = await workers.get(d.id)!.call({ cmd: 'run', spec: { op, concurrency: c, n, prefix: `small/${d.id}/` } });
        return { rate: ((r.n as number) / (r.ms as number)) * 1000, cpu: (r.cpuUs as number) / (r.n as number) };
      } catch (e) {
        failed.add(`${d.id} ${name}`);
        const series = (results.small[name]![d.id] ??= { values: [] });
        series.na = `failed: ${errorText(e)}`;
        log(`${d.id} ${name}: ${series.na}`);
        return undefined;
      }
    };
    // Warm-up: every client does every scenario once; the median client's rate sizes the runs.
    log(`small objects: warm-up of ${live().length} clients`);
    const nOf = new Map<string, number>();
    for (const c of CONCURRENCY) {
      const rates: Record<string, number[]> = {};
      for (const op of SMALL_OPS) {
        for (const d of live()) {
          const r = await runOne(d, op, c, c === 1 ? 60 : 640);
          if (r !== undefined) (rates[op] ??= []).push(r.rate);
        }
      }
      // DELETE removes what PUT wrote in the same round: both get the PUT's count.
      for (const op of SMALL_OPS) {
        const basis = op === 'delete' ? 'put' : op;
        nOf.set(`${op}@${c}`, Math.max(c * 4, Math.round((median(rates[basis] ?? [100]) * RUN_S) / c) * c));
      }
    }
    log(`small objects: ${ROUNDS} rounds; runs of ${[...nOf].map(([k, v]) => `${k}=${v}`).join(' ')}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CONCURRENCY) {
        for (const op of SMALL_OPS) {
          const name = `${op}@${c}`;
          for (const d of rotated(live(), round)) {
            const r = await runOne(d, op, c, nOf.get(name)!);
            if (r === undefined) continue;
            const series = (results.small[name]![d.id] ??= { values: [], cpuUs: [] });
            series.values.push(r.rate);
            series.cpuUs!.push(r.cpu);
          }
        }
      }
      log(`small objects: round ${round + 1}/${ROUNDS} done`);
    }
  }

  if (!SKIP.has('list')) {
    results.list = {};
    const listers = live().filter((d) => !d.noList);
    for (const d of SMALL_CLIENTS) if (d.noList) results.list[d.id] = { values: [], na: d.noList };
    log(`listing ${LIST_KEYS} keys: ${LIST_ROUNDS} rounds of ${listers.length} clients`);
    for (let round = 0; round < LIST_ROUNDS; round++) {
      for (const d of rotated(listers, round)) {
        const series = (results.list[d.id] ??= { values: [] });
        if (series.na) continue;
        try {
          const r = await workers.get(d.id)!.call({ cmd: 'list', prefix: 'list/' });
          if (r.count !== LIST_KEYS) throw new Error(`listed ${String(r.count)} keys, not ${LIST_KEYS}`);
          series.values.push((r.ms as number) / 1000);
        } catch (e) {
          series.na = `failed: ${errorText(e)}`;
          log(`${d.id} list: ${series.na}`);
        }
      }
    }
  }
  for (const w of workers.values()) await w.stop();
}

/** What the floor's upload needs: the multipart upload made here, each part's URL presigned. */
async function floorUpload(target: Target, key: string, size: number): Promise<FloorUrls> {
  const { Agent } = await import('undici');
  const p = await presigner(target);
  const agent = new Agent(agentOptions(target));
  try {
    const r = await agent.request({ origin: p.origin, path: p.path('POST', key, { uploads: '' }), method: 'POST' });
    const text = await r.body.text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
    if (r.statusCode !== 200 || !uploadId) throw new Error(`CreateMultipartUpload: HTTP ${r.statusCode} ${text.slice(0, 200)}`);
    const count = Math.ceil(size / SETTINGS.partSize);
    const parts = Array.from({ length: count }, (_, i) => p.path('PUT', key, { partNumber: String(i + 1), uploadId }));
    return { origin: p.origin, parts, complete: p.path('POST', key, { uploadId }) };
  } finally {
    await agent.close();
  }
}

/** The object's size and SHA-256, read with bare undici. */
async function referenceObject(target: Target, key: string): Promise<{ size: number; sha256: string }> {
  const { Agent } = await import('undici');
  const p = await presigner(target);
  const agent = new Agent(agentOptions(target));
  try {
    const r = await agent.request({ origin: p.origin, path: p.path('GET', key), method: 'GET' });
    if (r.statusCode !== 200) throw new Error(`GET ${key}: HTTP ${r.statusCode}`);
    const h = createHash('sha256');
    let size = 0;
    for await (const c of r.body) {
      size += c.length;
      h.update(c);
    }
    return { size, sha256: h.digest('hex') };
  } finally {
    await agent.close();
  }
}

async function large(target: Target, results: Results): Promise<void> {
  const size = LARGE_MIB * 1024 * 1024;
  const expected = createHash('sha256');
  for await (const c of generate(size)) expected.update(c);
  const sha256 = expected.digest('hex');
  // The object every client downloads, written by bare undici in one PUT of known length.
  const source = 'large/source';
  {
    const { Agent } = await import('undici');
    const p = await presigner(target);
    const agent = new Agent(agentOptions(target));
    const r = await agent.request({ origin: p.origin, path: p.path('PUT', source), method: 'PUT', body: Readable.from(generate(size)), headers: { 'content-length': String(size) } });
    await r.body.dump();
    await agent.close();
    if (r.statusCode !== 200) throw new Error(`writing ${source}: HTTP ${r.statusCode}`);
    const seen = await referenceObject(target, source);
    if (seen.sha256 !== sha256) throw new Error(`${source} does not hold the generated bytes`);
  }
  const defs = LARGE_CLIENTS.filter((d) => (!ONLY || ONLY.includes(d.id) || d.id.startsWith('s3wire') || d.id === 'floor') && (d.runtime !== 'deno' || DENO));
  const timeoutMs = Math.max(120_000, LARGE_MIB * 2_000);
  for (const d of defs) results.clients[`large:${d.id}`] = { label: `${d.label.upload} / ${d.label.download}`, packages: [...d.packages], runtime: d.runtime };

  const one = async (d: LargeDef, direction: 'upload' | 'download', validate: boolean) => {
    const key = direction === 'upload' ? `large/up-${d.id}` : source;
    const p = d.id === 'floor' ? await presigner(target) : undefined;
    const floor = !p ? undefined : { ...(direction === 'upload' ? await floorUpload(target, key, size) : { origin: p.origin, get: p.path('GET', source) }), head: p.path('HEAD', source) };
    const r = await runLarge(d.runtime, { mode: 'large', client: d.id, target, direction, key, headKey: source, size, settings: SETTINGS, validate, ...(floor ? { floor } : {}) }, timeoutMs);
    if (validate && r.sha256 !== sha256) throw new Error(`${direction}: the bytes that passed are not the generated ones`);
    if (direction === 'upload') {
      const seen = validate ? await referenceObject(target, key) : undefined;
      if (seen && (seen.size !== size || seen.sha256 !== sha256)) throw new Error(`after its upload, ${key} holds ${seen.size} bytes that are not the generated ones`);
    }
    return r;
  };

  for (const direction of (['upload', 'download'] as const).filter((d) => !SKIP.has(d))) {
    const table = results.large[direction];
    const runnable: LargeDef[] = [];
    for (const d of defs) {
      const why = d.na?.[direction];
      if (why) {
        if (d.label[direction]) table[d.id] = { values: [], na: why };
        continue;
      }
      table[d.id] = { values: [], peakMiB: [], baselineMiB: [], cpuUs: [], firstMs: [], withFirst: [] };
      try {
        await one(d, direction, true);
        runnable.push(d);
      } catch (e) {
        table[d.id]!.na = `failed the checks: ${errorText(e)}`;
        log(`${d.id} ${direction}: ${table[d.id]!.na}`);
      }
    }
    log(`large ${direction}: ${LARGE_ROUNDS} rounds of ${runnable.length} clients, ${LARGE_MIB} MiB each`);
    for (let round = 0; round < LARGE_ROUNDS; round++) {
      for (const d of rotated(runnable, round)) {
        const series = table[d.id]! as Series & { peakMiB: number[]; baselineMiB: number[]; cpuUs: number[]; firstMs: number[]; withFirst: number[] };
        if (series.na) continue;
        try {
          const r = await one(d, direction, false);
          series.values.push(LARGE_MIB / (r.ms / 1000));
          series.firstMs.push(r.firstMs);
          series.withFirst.push(LARGE_MIB / ((r.ms + r.firstMs) / 1000));
          series.peakMiB.push(r.peakKiB / 1024);
          series.baselineMiB.push(r.baselineKiB / 1024);
          series.cpuUs.push(r.cpuUs / LARGE_MIB);
        } catch (e) {
          series.na = `failed: ${errorText(e)}`;
          log(`${d.id} ${direction}: ${series.na}`);
        }
      }
      log(`large ${direction}: round ${round + 1}/${LARGE_ROUNDS} done`);
    }
  }
}

await main();
