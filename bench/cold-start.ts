// Cold start: a fresh `node` that imports a client library and constructs a client, minus a
// fresh `node` that does nothing (issue 6's measure). With --first-request, also the time to the
// first answered request (a signed ListBuckets) against a local server, which is where s3wire
// pays for undici and fast-xml-parser (both loaded on first use, not at import).
//
//   cd bench && env -u NODE_EXTRA_CA_CERTS npm run cold-start [-- --rounds=30 --first-request]
//
// s3wire is bundled as an app would ship it (esbuild, ESM, its dependencies left as packages),
// and imported as npm installs it (dist/, built first: a bundle per entry, scripts/build.mjs);
// the others are imported from bench/node_modules as their users import them. Every case runs
// once per round, interleaved, and the figures are medians over rounds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startBenchServer } from './clients/server.ts';
import { childEnv } from './clients/workers.ts';
import { machine, versions } from './clients/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');
/** s3wire's bundle lives under the repo so that undici and fast-xml-parser resolve as its own. */
const S3WIRE_DIR = join(ROOT, '.cache', 'cold-start');
/** The other cases live under bench/ so that they resolve bench/node_modules. */
const CASE_DIR = join(here, 'results', 'tmp', 'cold-start');

const args = new Map<string, string | undefined>(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k!, v];
}));
const rounds = Number(args.get('rounds') ?? 30);
const firstRequest = args.has('first-request');

interface Case {
  readonly name: string;
  readonly packages: string[];
  /** ES module source; reads S3_ENDPOINT / S3_KEY / S3_SECRET for the first request. */
  readonly source: (firstRequest: boolean) => string;
  /** Where the file goes (s3wire next to its bundle). */
  readonly dir: string;
}

const CONFIG = `{ endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: process.env.S3_KEY ?? 'AKIDEXAMPLE', secretAccessKey: process.env.S3_SECRET ?? 'x' } }`;

const CASES: Case[] = [
  { name: 'bare node', packages: [], dir: CASE_DIR, source: () => '' },
  {
    name: 's3wire S3Client',
    packages: ['s3wire'],
    dir: S3WIRE_DIR,
    source: (r) => `import { S3Client } from './s3wire.mjs';\nconst s3 = new S3Client(${CONFIG});\n${r ? 'await s3.listBuckets(); await s3.close();' : ''}`,
  },
  {
    // `import 's3wire'` from a file under the repo: the package's own exports, so dist/index.js.
    name: 's3wire S3Client, dist/ as npm installs it',
    packages: ['s3wire'],
    dir: S3WIRE_DIR,
    source: (r) => `import { S3Client } from 's3wire';\nconst s3 = new S3Client(${CONFIG});\n${r ? 'await s3.listBuckets(); await s3.close();' : ''}`,
  },
  {
    name: 's3wire S3Client, netTransport()',
    packages: ['s3wire'],
    dir: S3WIRE_DIR,
    source: (r) => `import { S3Client, netTransport } from './s3wire.mjs';\nconst s3 = new S3Client({ ...${CONFIG}, transport: netTransport() });\n${r ? 'await s3.listBuckets(); await s3.close();' : ''}`,
  },
  {
    name: 's3wire S3Core',
    packages: ['s3wire'],
    dir: S3WIRE_DIR,
    source: (r) => `import { S3Core, listBuckets } from './s3wire.mjs';\nconst s3 = new S3Core(${CONFIG});\n${r ? 'await listBuckets(s3); await s3.close();' : ''}`,
  },
  {
    name: '@aws-sdk/client-s3',
    packages: ['@aws-sdk/client-s3'],
    dir: CASE_DIR,
    source: (r) =>
      `import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';\nconst c = ${CONFIG};\nconst s3 = new S3Client({ ...c, forcePathStyle: true });\n${r ? 'await s3.send(new ListBucketsCommand({})); s3.destroy();' : ''}`,
  },
  {
    name: 'minio',
    packages: ['minio'],
    dir: CASE_DIR,
    source: (r) =>
      `import { Client } from 'minio';\nconst u = new URL(process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9');\nconst s3 = new Client({ endPoint: u.hostname, port: Number(u.port), useSSL: false, accessKey: process.env.S3_KEY ?? 'AKIDEXAMPLE', secretKey: process.env.S3_SECRET ?? 'x', region: 'us-east-1' });\n${r ? 'await s3.listBuckets();' : ''}`,
  },
  {
    name: 'aws4fetch',
    packages: ['aws4fetch'],
    dir: CASE_DIR,
    source: (r) =>
      `import { AwsClient } from 'aws4fetch';\nconst s3 = new AwsClient({ accessKeyId: process.env.S3_KEY ?? 'AKIDEXAMPLE', secretAccessKey: process.env.S3_SECRET ?? 'x', service: 's3', region: 'us-east-1' });\n${r ? "const res = await s3.fetch((process.env.S3_ENDPOINT ?? '') + '/'); if (res.status !== 200) throw new Error(String(res.status)); await res.text();" : ''}`,
  },
  {
    name: 'lean-s3',
    packages: ['lean-s3'],
    dir: CASE_DIR,
    source: () => `import { S3Client } from 'lean-s3';\nnew S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'b', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' });`,
  },
  {
    name: 's3mini',
    packages: ['s3mini'],
    dir: CASE_DIR,
    source: () => `import { S3mini } from 's3mini';\nnew S3mini({ endpoint: 'http://127.0.0.1:9/b', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' });`,
  },
];
/** lean-s3 and s3mini bind a client to one bucket and have no ListBuckets: import + construct only. */
const FIRST_REQUEST_CASES = new Set(['bare node', 's3wire S3Client', 's3wire S3Client, dist/ as npm installs it', 's3wire S3Client, netTransport()', 's3wire S3Core', '@aws-sdk/client-s3', 'minio', 'aws4fetch']);

async function prepare(): Promise<void> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('the build of dist/ failed');
  mkdirSync(S3WIRE_DIR, { recursive: true });
  mkdirSync(CASE_DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'index.ts')],
    outfile: join(S3WIRE_DIR, 's3wire.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['undici', 'fast-xml-parser'],
    logLevel: 'warning',
  });
}

function fileOf(c: Case, request: boolean): string {
  const file = join(c.dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}${request ? '-request' : ''}.mjs`);
  writeFileSync(file, c.source(request) + '\n');
  return file;
}

/** Wall time of one fresh process, ms. */
function run(file: string, env: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [file], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return ms;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function measure(request: boolean, env: NodeJS.ProcessEnv): Promise<Map<string, number[]>> {
  const cases = CASES.filter((c) => !request || FIRST_REQUEST_CASES.has(c.name));
  const files = cases.map((c) => [c.name, fileOf(c, request)] as const);
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (const [, f] of files) run(f, env); // warm the file system cache
  for (let r = 0; r < rounds; r++) for (const [name, f] of files) times.get(name)!.push(run(f, env));
  return times;
}

function table(title: string, times: Map<string, number[]>): string {
  const bare = times.get('bare node')!;
  // Per round: the case minus that round's bare node, so a slow round weighs on both alike.
  const over = (xs: number[]) => median(xs.map((x, i) => x - bare[i]!));
  const lines = [`### ${title}`, '', '| case | median ms | over bare node, ms |', '|---|---:|---:|'];
  for (const [name, xs] of times) lines.push(`| ${name} | ${median(xs).toFixed(1)} | ${name === 'bare node' ? '' : over(xs).toFixed(1)} |`);
  return lines.join('\n');
}

await prepare();
const env = childEnv({});
const out: string[] = [];
const m = machine();
out.push(`# Cold start, ${new Date().toISOString()}`, '');
out.push(`\`npm run cold-start${firstRequest ? ' -- --first-request' : ''}\`, ${rounds} rounds: ${m.cores} x ${m.cpu}; node ${process.version}. Versions: ${Object.entries(versions(CASES.flatMap((c) => c.packages))).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
const importOnly = await measure(false, env);
out.push(table('Import and construct a client', importOnly), '');
let json: Record<string, unknown> = { rounds, importAndConstruct: Object.fromEntries(importOnly) };
if (firstRequest) {
  const server = await startBenchServer('s3s-fs');
  try {
    const withRequest = await measure(true, childEnv({ S3_ENDPOINT: server.endpoint, S3_KEY: server.accessKeyId, S3_SECRET: server.secretAccessKey }));
    out.push(table(`Import, construct and one ListBuckets (${server.kind} ${server.version}, 127.0.0.1)`, withRequest), '');
    json = { ...json, firstRequest: Object.fromEntries(withRequest) };
  } finally {
    await server.stop();
  }
}
const text = out.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'cold-start.md'), text + '\n');
writeFileSync(join(here, 'results', 'cold-start.json'), JSON.stringify(json, null, 1) + '\n');
