// The small-object loop and its checks, shared by the Node runner and the Bun worker, so every
// client, in either runtime, is driven by the same code.
import { smallBody } from './data.ts';

export const SMALL_SIZE = 4096;
/** Objects written once (by s3wire) that every client GETs and HEADs, in turn. */
export const POOL_SIZE = 64;
export const poolKey = (i: number) => `pool/${String(i).padStart(4, '0')}`;
export const SMALL_OPS = ['put', 'get', 'head', 'delete'] as const;
export type SmallOp = (typeof SMALL_OPS)[number];

/** One client, as the small-object and listing scenarios call it. */
export interface SmallClient {
  put(key: string, body: Uint8Array): Promise<unknown>;
  /** The whole body, read. */
  get(key: string): Promise<Uint8Array>;
  /** The object's size, as the response tells it. */
  head(key: string): Promise<number>;
  del(key: string): Promise<unknown>;
  /** Every key under the prefix, all pages: how many. Absent: the client cannot list. */
  list?(prefix: string): Promise<number>;
  /** Work to do before a timed run, outside the timing (the floor presigns its URLs here). */
  prepare?(op: SmallOp, keys: readonly string[]): void | Promise<void>;
  close?(): Promise<void>;
}

export interface SmallSpec {
  readonly op: SmallOp;
  readonly concurrency: number;
  /** Operations in the run, spread over `concurrency` workers. */
  readonly n: number;
  /** PUT writes and DELETE removes `${prefix}${i}` for i < n. */
  readonly prefix: string;
}

export interface SmallRun {
  readonly ms: number;
  readonly n: number;
  /** CPU time of this process over the run (user + system), µs: what the client costs, whatever the server does. */
  readonly cpuUs: number;
}

export function keysOf(spec: SmallSpec): string[] {
  const keys: string[] = new Array(spec.n);
  for (let i = 0; i < spec.n; i++) keys[i] = spec.op === 'get' || spec.op === 'head' ? poolKey(i % POOL_SIZE) : spec.prefix + i;
  return keys;
}

/**
 * `n` operations by `concurrency` workers taking the next index. Every GET must return 4 KiB and
 * every HEAD say 4096, checked by a sum over the run; a failure ends the run with that error.
 */
export async function runSmall(client: SmallClient, spec: SmallSpec): Promise<SmallRun> {
  const keys = keysOf(spec);
  await client.prepare?.(spec.op, keys);
  const body = smallBody(7, SMALL_SIZE);
  const { n } = spec;
  let next = 0;
  let sum = 0;
  let worker: () => Promise<void>;
  switch (spec.op) {
    case 'put':
      worker = async () => {
        for (let i; (i = next++) < n; ) {
          await client.put(keys[i]!, body);
          sum += SMALL_SIZE;
        }
      };
      break;
    case 'get':
      worker = async () => {
        for (let i; (i = next++) < n; ) {
          const bytes = await client.get(keys[i]!);
          sum += bytes.length; // after the await: `sum += await ...` would read sum before it
        }
      };
      break;
    case 'head':
      worker = async () => {
        for (let i; (i = next++) < n; ) {
          const size = await client.head(keys[i]!);
          sum += size;
        }
      };
      break;
    case 'delete':
      worker = async () => {
        for (let i; (i = next++) < n; ) {
          await client.del(keys[i]!);
          sum += SMALL_SIZE;
        }
      };
      break;
  }
  const workers: Promise<void>[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let w = 0; w < spec.concurrency; w++) workers.push(worker());
  await Promise.all(workers);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (sum !== n * SMALL_SIZE) throw new Error(`${spec.op}: expected ${n} x ${SMALL_SIZE} bytes, got ${sum}`);
  return { ms, n, cpuUs: cpu.user + cpu.system };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const VALIDATE_BODY = 4242;

/**
 * Before anything is timed: the client GETs a pool object s3wire wrote (bytes compared), HEADs one
 * (size), PUTs an object of its own and reads it back. The caller then checks that object with an
 * independent GET, calls {@link validateDelete}, and checks it is gone.
 */
export async function validateWrite(client: SmallClient, key: string): Promise<void> {
  await client.prepare?.('get', [poolKey(3)]);
  const got = await client.get(poolKey(3));
  if (!sameBytes(got, smallBody(3, SMALL_SIZE))) throw new Error(`GET ${poolKey(3)} returned ${got.length} bytes that are not the object's`);
  await client.prepare?.('head', [poolKey(5)]);
  const size = await client.head(poolKey(5));
  if (size !== SMALL_SIZE) throw new Error(`HEAD ${poolKey(5)} said ${size} bytes, not ${SMALL_SIZE}`);
  await client.prepare?.('put', [key]);
  await client.put(key, smallBody(VALIDATE_BODY, SMALL_SIZE));
  await client.prepare?.('get', [key]);
  const back = await client.get(key);
  if (!sameBytes(back, smallBody(VALIDATE_BODY, SMALL_SIZE))) throw new Error(`GET after PUT ${key} returned other bytes`);
}

export async function validateDelete(client: SmallClient, key: string): Promise<void> {
  await client.prepare?.('delete', [key]);
  await client.del(key);
}

export function errorText(e: unknown): string {
  const err = e as { code?: unknown; name?: string; message?: string };
  const code = typeof err?.code === 'string' ? err.code + ': ' : '';
  return (code + (err?.message ?? String(e))).replace(/\s+/g, ' ').slice(0, 160);
}
