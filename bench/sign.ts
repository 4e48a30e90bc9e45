// SigV4 signing: s3wire against the other JavaScript signers and S3 clients, one run, one table.
//   cd bench && npm install && npm run sign [-- --rounds=15 --ms=60 --warmup=300 --candidate=path]
// Every library signs the same S3 GetObject (host examplebucket.s3.amazonaws.com, path
// /photos/2024/cat.jpg): once with an Authorization header (host, x-amz-content-sha256:
// UNSIGNED-PAYLOAD, x-amz-date), once as a presigned GET URL valid for 3600 s. Before anything is
// timed, each library's output is checked against the textbook SigV4 of shared.ts. Timed calls
// read the clock as a client would. Rounds are interleaved (every library once per round, the
// order rotated); each row is the median of its rounds, each ratio the median of per-round ratios.
// README.md says how each library is called and why.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createSigner } from '../src/sigv4/index.ts';
import {
  BUCKET,
  calibrate,
  checkPresignedUrl,
  compileBatch,
  CREDENTIALS,
  EXPIRES,
  FIXED_AMZ_DATE,
  FIXED_DATE,
  HOST,
  isAsyncOp,
  textbookAuthorization,
  KEY,
  median,
  PATH,
  REGION,
  timeBatch,
  URL_BASE,
  type Batch,
  type Op,
} from './shared.ts';

const here = dirname(fileURLToPath(import.meta.url));
const argText = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const arg = (name: string, fallback: number): number => Number(argText(name) ?? fallback);
const ROUNDS = arg('rounds', 15);
const BATCH_MS = arg('ms', 60);
const WARMUP_MS = arg('warmup', 300);
/** Another build of the signer (a path to its sigv4 index.ts), timed beside src/sigv4 in the same run. */
const CANDIDATE = argText('candidate');

function version(pkg: string): string {
  const file = pkg === 's3wire' ? join(here, '..', 'package.json') : join(here, 'node_modules', pkg, 'package.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

type Group = 'header' | 'presign' | 'floor';

interface Case {
  readonly group: Group;
  readonly name: string;
  /** Packages whose versions the table shows. */
  readonly packages: readonly string[];
  /** Loads the library and returns the timed op; throws (the row becomes "n/a") if it cannot run. */
  readonly setup: () => Promise<{ op: Op; check: () => Promise<void> }>;
}

function expectEqual(what: string, got: string, want: string): void {
  if (got !== want) throw new Error(`${what}: got ${got}, want ${want}`);
}

const amzDateOf = (d: Date) => d.toISOString().replace(/[:-]|\.\d{3}/g, '');

const s3wire = createSigner({ credentials: CREDENTIALS, region: REGION, service: 's3' });
/** Real inputs for the floor rows: this request's canonical request and string to sign. */
const fixedSigned = s3wire.sign({ method: 'GET', host: HOST, path: PATH }, { date: FIXED_DATE, payload: { kind: 'unsigned' } });
const request = { method: 'GET', host: HOST, path: PATH } as const;
const UNSIGNED = { kind: 'unsigned' } as const;

/** What every library must produce for FIXED_DATE (checked against the textbook signer in shared.ts). */
const FIXED_AUTHORIZATION = textbookAuthorization(FIXED_AMZ_DATE);
const sameAuthorization = (got: string) => expectEqual('Authorization', got, FIXED_AUTHORIZATION);
function samePresignedUrl(url: string): void {
  checkPresignedUrl(url);
  expectEqual('X-Amz-Date', new URL(url).searchParams.get('X-Amz-Date') ?? '', FIXED_AMZ_DATE);
}

async function smithySigner() {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Hash } = await import('@smithy/hash-node');
  const { buildQueryString } = await import('@smithy/core/protocols');
  // What the AWS SDK uses for S3 on Node: node:crypto hashes, the path signed as sent.
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: REGION,
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
  });
  const httpRequest = (headers: Record<string, string>) => ({
    method: 'GET',
    protocol: 'https:',
    hostname: HOST,
    path: PATH,
    query: {},
    headers: { host: HOST, ...headers },
  });
  return { signer, httpRequest, buildQueryString };
}

type CreateSigner = typeof createSigner;

/** s3wire's rows: src/sigv4, and the --candidate build when one is given. */
function s3wireCases(group: 'header' | 'presign'): Case[] {
  const builds: Array<[string, () => Promise<CreateSigner>]> = [['s3wire', async () => createSigner]];
  if (CANDIDATE) {
    builds.push([
      `s3wire candidate (${CANDIDATE})`,
      async () => ((await import(pathToFileURL(resolve(CANDIDATE)).href)) as { createSigner: CreateSigner }).createSigner,
    ]);
  }
  return builds.map(([name, load]): Case => ({
    group,
    name,
    packages: [],
    async setup() {
      const signer = (await load())({ credentials: CREDENTIALS, region: REGION, service: 's3' });
      if (group === 'header') {
        const sign = (date: Date) => signer.sign(request, { date, payload: UNSIGNED }).headers.authorization!;
        return { op: () => sign(new Date()), check: async () => sameAuthorization(sign(FIXED_DATE)) };
      }
      const presign = (date: Date) => URL_BASE + '?' + signer.presign(request, { date, expiresIn: EXPIRES }).queryString;
      return { op: () => presign(new Date()), check: async () => samePresignedUrl(presign(FIXED_DATE)) };
    },
  }));
}

const cases: Case[] = [
  // ---- Authorization header -------------------------------------------------------------------
  ...s3wireCases('header'),
  {
    group: 'header',
    name: '@smithy/signature-v4',
    packages: ['@smithy/signature-v4', '@smithy/hash-node'],
    async setup() {
      const { signer, httpRequest } = await smithySigner();
      const sign = async (date: Date) =>
        (await signer.sign(httpRequest({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), { signingDate: date })).headers.authorization as string;
      return { op: () => sign(new Date()), check: async () => sameAuthorization(await sign(FIXED_DATE)) };
    },
  },
  {
    group: 'header',
    name: 'aws4',
    packages: ['aws4'],
    async setup() {
      const aws4 = (await import('aws4')).default;
      // aws4 takes the time from an X-Amz-Date header when given one, else reads the clock.
      const sign = (extra: Record<string, string>) =>
        aws4.sign(
          { host: HOST, path: PATH, method: 'GET', service: 's3', region: REGION, headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...extra } },
          CREDENTIALS,
        ).headers!.Authorization as string;
      return { op: () => sign({}), check: async () => sameAuthorization(sign({ 'X-Amz-Date': FIXED_AMZ_DATE })) };
    },
  },
  {
    group: 'header',
    name: 'aws4fetch (AwsV4Signer)',
    packages: ['aws4fetch'],
    async setup() {
      const { AwsV4Signer } = await import('aws4fetch');
      const cache = new Map(); // shared, as AwsClient shares it: the signing key is derived once
      const sign = async (datetime?: string) =>
        (
          await new AwsV4Signer({
            method: 'GET',
            url: URL_BASE,
            headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
            ...CREDENTIALS,
            service: 's3',
            region: REGION,
            cache,
            datetime,
          }).sign()
        ).headers.get('authorization')!;
      return { op: () => sign(), check: async () => sameAuthorization(await sign(FIXED_AMZ_DATE)) };
    },
  },
  {
    group: 'header',
    name: 'minio (signV4)',
    packages: ['minio'],
    async setup() {
      // The function minio's Client calls for every request; it derives the signing key each time.
      const { signV4 } = (await import('minio/dist/esm/signing.mjs' as string)) as {
        signV4: (req: object, ak: string, sk: string, region: string, date: Date, sha: string) => string;
      };
      const sign = (date: Date) =>
        signV4(
          { method: 'GET', path: PATH, headers: { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-date': amzDateOf(date) } },
          CREDENTIALS.accessKeyId,
          CREDENTIALS.secretAccessKey,
          REGION,
          date,
          'UNSIGNED-PAYLOAD',
        );
      return { op: () => sign(new Date()), check: async () => sameAuthorization(sign(FIXED_DATE)) };
    },
  },
  // ---- Presigned URL --------------------------------------------------------------------------
  ...s3wireCases('presign'),
  {
    group: 'presign',
    name: '@smithy/signature-v4',
    packages: ['@smithy/signature-v4', '@smithy/hash-node'],
    async setup() {
      const { signer, httpRequest, buildQueryString } = await smithySigner();
      // Payload hash UNSIGNED-PAYLOAD, taken from the header, which is neither signed nor moved to
      // the query: the same canonical request as the others (the SDK instead hoists it).
      const opts = {
        expiresIn: EXPIRES,
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
        unsignableHeaders: new Set(['x-amz-content-sha256']),
      };
      const presign = async (date: Date) => {
        const r = await signer.presign(httpRequest({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), { ...opts, signingDate: date });
        return 'https://' + r.hostname + r.path + '?' + buildQueryString(r.query ?? {});
      };
      return { op: () => presign(new Date()), check: async () => samePresignedUrl(await presign(FIXED_DATE)) };
    },
  },
  {
    group: 'presign',
    name: 'aws4 (signQuery)',
    packages: ['aws4'],
    async setup() {
      const aws4 = (await import('aws4')).default;
      const presign = (extra: string) =>
        'https://' +
        HOST +
        aws4.sign({ host: HOST, path: `${PATH}?X-Amz-Expires=${EXPIRES}${extra}`, method: 'GET', service: 's3', region: REGION, signQuery: true }, CREDENTIALS)
          .path;
      return { op: () => presign(''), check: async () => samePresignedUrl(presign('&X-Amz-Date=' + FIXED_AMZ_DATE)) };
    },
  },
  {
    group: 'presign',
    name: 'aws4fetch (signQuery)',
    packages: ['aws4fetch'],
    async setup() {
      const { AwsV4Signer } = await import('aws4fetch');
      const cache = new Map();
      const presign = async (datetime?: string) =>
        (
          await new AwsV4Signer({
            method: 'GET',
            url: `${URL_BASE}?X-Amz-Expires=${EXPIRES}`,
            ...CREDENTIALS,
            service: 's3',
            region: REGION,
            cache,
            datetime,
            signQuery: true,
          }).sign()
        ).url.toString();
      return { op: () => presign(), check: async () => samePresignedUrl(await presign(FIXED_AMZ_DATE)) };
    },
  },
  {
    group: 'presign',
    name: 'minio (presignSignatureV4)',
    packages: ['minio'],
    async setup() {
      // What Client#presignedGetObject ends in, without its bucket-region lookup.
      const { presignSignatureV4 } = (await import('minio/dist/esm/signing.mjs' as string)) as {
        presignSignatureV4: (req: object, ak: string, sk: string, token: string | undefined, region: string, date: Date, expires: number) => string;
      };
      const presign = (date: Date) =>
        presignSignatureV4(
          { method: 'GET', path: PATH, headers: { host: HOST }, protocol: 'https:' },
          CREDENTIALS.accessKeyId,
          CREDENTIALS.secretAccessKey,
          undefined,
          REGION,
          date,
          EXPIRES,
        );
      return { op: () => presign(new Date()), check: async () => samePresignedUrl(presign(FIXED_DATE)) };
    },
  },
  {
    group: 'presign',
    name: 'lean-s3 (S3Client#presign)',
    packages: ['lean-s3'],
    async setup() {
      const { S3Client } = await import('lean-s3');
      const client = new S3Client({ ...CREDENTIALS, region: REGION, bucket: BUCKET, endpoint: 'https://{bucket}.s3.amazonaws.com' });
      // lean-s3 reads the clock itself and adds X-Amz-Content-Sha256 to the query: checked by
      // recomputing the signature of its URL as it stands.
      const op = () => client.presign(KEY, { method: 'GET', expiresIn: EXPIRES });
      return { op, check: async () => checkPresignedUrl(op()) };
    },
  },
  {
    group: 'presign',
    name: 'AWS SDK v3 getSignedUrl',
    packages: ['@aws-sdk/s3-request-presigner', '@aws-sdk/client-s3'],
    async setup() {
      const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
      const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
      const client = new S3Client({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: 'https://s3.amazonaws.com' });
      const presign = (signingDate?: Date) =>
        getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), { expiresIn: EXPIRES, signingDate });
      // The SDK adds x-id, x-amz-checksum-mode and X-Amz-Content-Sha256 to the query: checked by
      // recomputing the signature of its URL as it stands.
      return { op: () => presign(), check: async () => checkPresignedUrl(await presign(FIXED_DATE)) };
    },
  },
  // ---- The floor: the two primitives every signature needs, nothing else -----------------------
  {
    group: 'floor',
    name: 'node:crypto createHash sha256 (canonical request) hex',
    packages: [],
    async setup() {
      const data = fixedSigned.canonicalRequest;
      return { op: () => createHash('sha256').update(data).digest('hex'), check: async () => {} };
    },
  },
  {
    group: 'floor',
    name: 'node:crypto hash() one-shot sha256 (canonical request) hex',
    packages: [],
    async setup() {
      const hash = (nodeCrypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
      if (!hash) throw new Error('crypto.hash needs Node >= 20.12');
      const data = fixedSigned.canonicalRequest;
      return { op: () => hash('sha256', data, 'hex'), check: async () => {} };
    },
  },
  {
    group: 'floor',
    name: 'node:crypto createHmac sha256 (string to sign) hex',
    packages: [],
    async setup() {
      const key = s3wire.signingKey(FIXED_AMZ_DATE.slice(0, 8), REGION, 's3');
      const data = fixedSigned.stringToSign;
      return { op: () => createHmac('sha256', key).update(data).digest('hex'), check: async () => {} };
    },
  },
];

// ---- Bun's native presign, in its own process (sign-bun.ts), once per round ----------------------
const BUN = join(here, 'node_modules', '.bin', 'bun');
interface BunLine {
  name: string;
  nsPerOp: number;
  sample: string;
  runtime: string;
}
function runBunRound(): BunLine[] {
  const args = [join(here, 'sign-bun.ts'), `--ms=${BATCH_MS}`, `--warmup=${WARMUP_MS}`];
  if (CANDIDATE) args.push(`--candidate=${resolve(CANDIDATE)}`);
  const r = spawnSync(BUN, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`bun exited ${r.status}: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
  const parsed = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('BENCH '))
    .map((l) => JSON.parse(l.slice(6)) as BunLine);
  // Checked again here, with Node's crypto: each URL Bun made must carry the real signature.
  for (const p of parsed) checkPresignedUrl(p.sample);
  return parsed;
}

// ---- Run ----------------------------------------------------------------------------------------
interface Row {
  group: Group;
  name: string;
  packages: readonly string[];
  na?: string;
  batch?: Batch;
  n?: number;
  /** ns/op, one per round (NaN when the row missed a round). */
  ns: number[];
  /** The row its ratio is taken against, round by round. */
  base?: Row;
}

const rows: Row[] = [];
for (const c of cases) {
  const row: Row = { group: c.group, name: c.name, packages: c.packages, ns: [] };
  rows.push(row);
  try {
    const { op, check } = await c.setup();
    await check();
    row.batch = compileBatch(op, isAsyncOp(op));
  } catch (e) {
    row.na = (e as Error).message.split('\n')[0]!.slice(0, 100);
  }
}
const s3wireRow = (group: Group) => rows.find((r) => r.group === group && r.name === 's3wire')!;
for (const r of rows) r.base = r.group === 'floor' ? s3wireRow('presign') : s3wireRow(r.group);

const bunRows = new Map<string, Row>([
  ['bun-native', { group: 'presign', name: 'Bun S3Client#presign (native, under bun)', packages: ['bun'], ns: [] }],
  ['s3wire-bun', { group: 'presign', name: 's3wire under bun', packages: ['bun'], ns: [] }],
]);
if (CANDIDATE) bunRows.set('candidate-bun', { group: 'presign', name: 's3wire candidate under bun', packages: ['bun'], ns: [] });
for (const r of bunRows.values()) {
  r.base = s3wireRow('presign');
  if (!existsSync(BUN)) r.na = 'bun not installed (npm install in bench/)';
  rows.push(r);
}
let bunRuntime = '';

const live = rows.filter((r) => r.batch);
process.stderr.write(`warming up ${live.length} cases (${WARMUP_MS} ms each)...\n`);
for (const r of live) r.n = await calibrate(r.batch!, WARMUP_MS, BATCH_MS);

let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  process.stderr.write(`round ${round + 1}/${ROUNDS}\r`);
  const k = round % live.length;
  for (const r of [...live.slice(k), ...live.slice(0, k)]) {
    const t = await timeBatch(r.batch!, r.n!);
    checksum = (checksum + t.checksum) | 0;
    r.ns.push(t.nsPerOp);
  }
  if (existsSync(BUN) && ![...bunRows.values()].some((r) => r.na)) {
    try {
      const lines = runBunRound();
      for (const [name, row] of bunRows) row.ns.push(lines.find((l) => l.name === name)?.nsPerOp ?? NaN);
      bunRuntime = lines[0]?.runtime ?? bunRuntime;
    } catch (e) {
      for (const r of bunRows.values()) r.na = (e as Error).message.slice(0, 100);
    }
  }
}
process.stderr.write('\n');

// ---- Report -------------------------------------------------------------------------------------
const ok = (r: Row | undefined): r is Row => r !== undefined && !r.na && r.ns.some((x) => !Number.isNaN(x));
const valid = (xs: readonly number[]) => xs.filter((x) => !Number.isNaN(x));
const us = (ns: number) => (ns / 1000).toFixed(2);
/** The ratio to another row, taken within each round (both timed minutes apart at most), median. */
function pairedRatio(r: Row, base: Row): number {
  return median(valid(r.ns.map((x, i) => x / base.ns[i]!)));
}
/** Half the interquartile range over rounds, relative to the median: robust to a round hit by other load. */
function spread(ns: readonly number[]): string {
  const v = valid(ns).sort((a, b) => a - b);
  const q = (f: number) => v[Math.min(v.length - 1, Math.round(f * (v.length - 1)))]!;
  return '±' + (((q(0.75) - q(0.25)) / 2 / median(v)) * 100).toFixed(0) + '%';
}
function ratioText(q: number): string {
  if (Math.abs(q - 1) < 0.005) return '1.00x (same)';
  return q > 1 ? `${q.toFixed(2)}x slower` : `${(1 / q).toFixed(2)}x faster`;
}
const label = (r: Row) => (r.packages.length ? `${r.name} (${r.packages.map((p) => `${p}@${version(p)}`).join(', ')})` : r.name);
let head = '?';
try {
  head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}

const out: string[] = [];
out.push(
  `SigV4 signing, ${new Date().toISOString()}: node ${process.version}${bunRuntime ? ', ' + bunRuntime : ''}, ` +
    `${cpus().length} x ${cpus()[0]?.model.trim()}; s3wire ${version('s3wire')} = src/sigv4 of the working tree at ${head}; ` +
    `${ROUNDS} interleaved rounds of ~${BATCH_MS} ms per library. ` +
    'µs/op is the median over rounds; "vs s3wire" is the median of the per-round ratios; spread is half the interquartile range over rounds.',
);
const TITLES: Record<Group, string> = {
  header: 'Authorization header (GetObject, UNSIGNED-PAYLOAD)',
  presign: `Presigned GET URL (expires ${EXPIRES} s)`,
  floor: 'Floor: node:crypto primitives alone (a signature needs one SHA-256 and one HMAC at least)',
};
for (const group of ['header', 'presign', 'floor'] as const) {
  out.push('', `### ${TITLES[group]}`, '', '| library | µs/op | spread | vs s3wire |', '|---|---:|---:|---|');
  for (const r of rows.filter((x) => x.group === group)) {
    if (!ok(r)) {
      out.push(`| ${label(r as Row)} | n/a: ${(r as Row).na ?? 'not run'} | | |`);
      continue;
    }
    const m = median(valid(r.ns));
    let vs = '';
    if (r === r.base) vs = 'baseline';
    else if (ok(r.base)) vs = group === 'floor' ? `${(pairedRatio(r, r.base) * 100).toFixed(0)}% of s3wire presign` : ratioText(pairedRatio(r, r.base));
    out.push(`| ${label(r)} | ${us(m)} | ${spread(r.ns)} | ${vs} |`);
  }
}

// The goals of the signing issue, judged on this run.
const byName = (group: Group, name: string) => rows.find((x) => x.group === group && x.name === name);
const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');
out.push('', '### Goals');
const goal = (text: string, r: Row | undefined, other: Row | undefined, limit: number) => {
  if (!ok(r) || !ok(other)) return out.push(`- ${text}: not measured`);
  const q = pairedRatio(r, other);
  out.push(`- ${text}: ${r.name} ${us(median(valid(r.ns)))} µs / ${other.name} ${us(median(valid(other.ns)))} µs = ${q.toFixed(2)} (needs < ${limit}) -> ${verdict(q < limit)}`);
};
goal('header signing in at most half of aws4\'s time', byName('header', 's3wire'), byName('header', 'aws4'), 0.5);
goal('presigning faster than lean-s3', byName('presign', 's3wire'), byName('presign', 'lean-s3 (S3Client#presign)'), 1);
goal("presigning faster than Bun's native presign (s3wire on node)", byName('presign', 's3wire'), bunRows.get('bun-native'), 1);
goal("presigning faster than Bun's native presign (both under bun)", bunRows.get('s3wire-bun'), bunRows.get('bun-native'), 1);
if (CANDIDATE) {
  const cand = `s3wire candidate (${CANDIDATE})`;
  goal('candidate: header signing in at most half of aws4\'s time', byName('header', cand), byName('header', 'aws4'), 0.5);
  goal('candidate: presigning faster than lean-s3', byName('presign', cand), byName('presign', 'lean-s3 (S3Client#presign)'), 1);
  goal("candidate: presigning faster than Bun's native presign (on node)", byName('presign', cand), bunRows.get('bun-native'), 1);
  goal("candidate: presigning faster than Bun's native presign (both under bun)", bunRows.get('candidate-bun'), bunRows.get('bun-native'), 1);
}
out.push('', `checksum ${checksum >>> 0}`);
console.log(out.join('\n'));
