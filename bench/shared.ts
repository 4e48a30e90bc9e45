// What every signing benchmark shares, on Node and on Bun: the one request all libraries sign,
// the timing loop, and the check that a presigned URL carries a real signature.

import { createHash, createHmac } from 'node:crypto';

/** The example credentials of the AWS documentation. */
export const CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
});
export const REGION = 'us-east-1';
export const BUCKET = 'examplebucket';
export const KEY = 'photos/2024/cat.jpg';
export const HOST = `${BUCKET}.s3.amazonaws.com`;
export const PATH = '/' + KEY;
export const URL_BASE = 'https://' + HOST + PATH;
export const EXPIRES = 3600;

/** The date used to compare outputs; timed runs read the clock instead, as a client does. */
export const FIXED_DATE = new Date('2013-05-24T00:00:00Z');
export const FIXED_AMZ_DATE = '20130524T000000Z';

/** One signing: returns what the library produced (an Authorization header or a URL). */
export type Op = () => string | Promise<string>;
/** Runs an op `n` times; returns a checksum of the outputs so the work cannot be optimised away. */
export type Batch = (n: number) => number | Promise<number>;

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as FunctionConstructor;

/**
 * A loop of its own for one op. Each `new Function` has its own type feedback, so the call
 * `op()` stays monomorphic: one loop shared by every library would go megamorphic and slow
 * whichever library is timed after the first.
 */
export function compileBatch(op: Op, isAsync: boolean): Batch {
  const body = `
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const s = ${isAsync ? 'await ' : ''}op();
      acc = (acc + s.length + s.charCodeAt(s.length - 1)) | 0;
    }
    return acc;`;
  const make = new (isAsync ? AsyncFunction : Function)('op', 'n', body) as (op: Op, n: number) => number | Promise<number>;
  return (n) => make(op, n);
}

export function isAsyncOp(op: Op): boolean {
  return typeof (op() as { then?: unknown }).then === 'function';
}

export interface Timing {
  readonly nsPerOp: number;
  readonly checksum: number;
}

export async function timeBatch(batch: Batch, n: number): Promise<Timing> {
  const t0 = performance.now();
  const checksum = await batch(n);
  const ms = performance.now() - t0;
  return { nsPerOp: (ms * 1e6) / n, checksum };
}

/** Run the op for about `warmupMs` (so the JIT has settled), then size a batch to `batchMs`. */
export async function calibrate(batch: Batch, warmupMs: number, batchMs: number): Promise<number> {
  let n = 16;
  let spent = 0;
  let last: Timing = await timeBatch(batch, n);
  spent += (last.nsPerOp * n) / 1e6;
  while (spent < warmupMs) {
    n = Math.min(n * 2, Math.max(16, Math.ceil((warmupMs * 1e6) / 4 / last.nsPerOp)));
    last = await timeBatch(batch, n);
    spent += (last.nsPerOp * n) / 1e6;
  }
  return Math.max(16, Math.round((batchMs * 1e6) / last.nsPerOp));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The in-process A/Bs (ab-bun-native.ts, ab-node-canned.ts): each variant whose name holds one of
 * `only` (comma-separated) is run `n` times by `concurrency` workers, the variants' order rotating
 * each round, after a warm-up round; prints each one's median ops/s and the process's CPU per
 * operation over `rounds` rounds.
 */
export async function runInterleaved(all: Record<string, () => Promise<unknown>>, o: { n: number; rounds: number; only?: string | undefined; concurrency?: number }): Promise<void> {
  const names = Object.keys(all).filter((n) => !o.only || o.only.split(',').some((x) => n.includes(x)));
  const res: Record<string, { ops: number[]; cpu: number[] }> = {};
  for (let round = 0; round < o.rounds + 1; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
      const f = all[name]!;
      let next = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(Array.from({ length: o.concurrency ?? 32 }, async () => { while (next++ < o.n) await f(); }));
      const cpu = process.cpuUsage(c0);
      if (round === 0) continue; // warm-up
      (res[name] ??= { ops: [], cpu: [] }).ops.push(o.n / ((performance.now() - t0) / 1000));
      res[name].cpu.push((cpu.user + cpu.system) / o.n);
    }
  }
  for (const name of names) console.log(`${name.padEnd(38)} ${median(res[name]!.ops).toFixed(0).padStart(6)} ops/s  cpu ${median(res[name]!.cpu).toFixed(0).padStart(4)} µs/op`);
}

// A textbook SigV4 for this one request, straight from the AWS page with node:crypto and no
// library, so every library (s3wire too) is checked against something independent of all of them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function textbookSignature(amzDate: string, canonicalRequest: string): string {
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${REGION}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac('AWS4' + CREDENTIALS.secretAccessKey, day), REGION), 's3'), 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

/** The Authorization header of the GetObject request at `amzDate`. */
export function textbookAuthorization(amzDate: string): string {
  const signed = 'host;x-amz-content-sha256;x-amz-date';
  const canonicalRequest = ['GET', PATH, '', `host:${HOST}`, 'x-amz-content-sha256:UNSIGNED-PAYLOAD', `x-amz-date:${amzDate}`, '', signed, 'UNSIGNED-PAYLOAD'].join('\n');
  const credential = `${CREDENTIALS.accessKeyId}/${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  return `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signed}, Signature=${textbookSignature(amzDate, canonicalRequest)}`;
}

/**
 * Check a presigned GET URL made by any library at any time (its own date, its own extra query
 * parameters): the URL must be for this request and carry the SigV4 signature of exactly what it
 * says, recomputed here.
 */
export function checkPresignedUrl(url: string): void {
  const u = new URL(url);
  const p = u.searchParams;
  if (u.host !== HOST || u.pathname !== PATH) throw new Error(`signed another request: ${u.host}${u.pathname}`);
  if (p.get('X-Amz-SignedHeaders') !== 'host') throw new Error(`signed headers ${p.get('X-Amz-SignedHeaders')}`);
  if (p.get('X-Amz-Expires') !== String(EXPIRES)) throw new Error(`expires ${p.get('X-Amz-Expires')}`);
  const amzDate = p.get('X-Amz-Date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) throw new Error(`X-Amz-Date ${amzDate}`);
  const credential = `${CREDENTIALS.accessKeyId}/${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  if (p.get('X-Amz-Credential') !== credential) throw new Error(`credential ${p.get('X-Amz-Credential')}`);
  const query = [...p]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => k + '=' + v)
    .join('&');
  const canonicalRequest = ['GET', PATH, query, `host:${HOST}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const want = textbookSignature(amzDate, canonicalRequest);
  const got = p.get('X-Amz-Signature');
  if (got !== want) throw new Error(`signature ${got} is not the SigV4 signature ${want}`);
}
