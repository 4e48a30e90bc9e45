// Starting worker.ts processes: one per client, under Node (an esbuild bundle of worker.ts, so a
// child loads no TypeScript loader and its RSS is the library's), under the bench's Bun, or under
// the root package's Deno (its `deno` devDependency).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findDeno } from '../../test/edge/runtimes.ts';
import type { LargeConfig, LargeResult, SmallConfig, WorkerRequest } from './worker.ts';

/** Where a worker runs. */
export type Runtime = 'node' | 'bun' | 'deno';

const here = dirname(fileURLToPath(import.meta.url));
export const BENCH_DIR = join(here, '..');
export const BUN = join(BENCH_DIR, 'node_modules', '.bin', 'bun');
/** The root package's deno (undefined when it is not installed: the Deno rows are then left out). */
export const DENO = findDeno();
const WORKER_TS = join(here, 'worker.ts');
/** Inside bench/ so that the libraries left out of the bundle resolve from bench/node_modules. */
const WORKER_JS = join(BENCH_DIR, 'results', 'tmp', 'worker.mjs');

/** The competitors stay packages (loaded from bench/node_modules as their users load them). */
const EXTERNAL = ['@aws-sdk/*', '@smithy/*', 'minio', 'lean-s3', 's3mini', 'aws4fetch'];

export async function buildWorker(): Promise<void> {
  const { build } = await import('esbuild');
  mkdirSync(dirname(WORKER_JS), { recursive: true });
  await build({
    entryPoints: [WORKER_TS],
    outfile: WORKER_JS,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // undici is CommonJS: its require() of node built-ins needs a real require in an ES module.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
}

let workerCa: string | undefined;

/**
 * Against a server on https: the file of its certificate, which every child then trusts through
 * NODE_EXTRA_CA_CERTS (Node and Bun both read it; Deno reads DENO_CERT), so each library is called
 * as its README shows.
 */
export function trustInWorkers(caFile: string | undefined): void {
  workerCa = caFile;
}

/**
 * The environment of every child: no AWS_* settings to pick up, and no NODE_EXTRA_CA_CERTS of the
 * machine's (a large bundle adds ~100 ms to every start); only the bench server's, if it has one.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== 'NODE_EXTRA_CA_CERTS' && !k.startsWith('AWS_')) env[k] = v;
  // Deno: no update check (no network but 127.0.0.1), and a missing permission fails instead of asking.
  const deno = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', ...(workerCa ? { DENO_CERT: workerCa } : {}) };
  return { ...env, ...deno, ...(workerCa ? { NODE_EXTRA_CA_CERTS: workerCa } : {}), ...extra };
}

let nodeFlags: readonly string[] = [];

/** Flags for every Node child's `node` (`--node-flags=`: what a V8 setting changes, for every Node client alike). */
export function nodeFlagsInWorkers(flags: readonly string[]): void {
  nodeFlags = flags;
}

function command(runtime: Runtime): [string, string[]] {
  if (runtime === 'deno') {
    if (!DENO) throw new Error('no deno: npm ci in the repository root installs it');
    return [DENO, ['run', '-A', WORKER_TS]];
  }
  return runtime === 'bun' ? [BUN, [WORKER_TS]] : [process.execPath, [...nodeFlags, WORKER_JS]];
}

type Reply = { id: number; ok: boolean; error?: string } & Record<string, unknown>;

/** A small-mode worker: commands in, one reply each. */
export class SmallWorker {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #stderr = '';
  #dead: Error | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr!.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-4000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('BENCH ')) {
        const r = JSON.parse(line.slice(6)) as Reply;
        const p = this.#pending.get(r.id);
        this.#pending.delete(r.id);
        p?.resolve(r);
      } else if (line.startsWith('FAILED ')) {
        this.#fail(new Error((JSON.parse(line.slice(7)) as { error: string }).error));
      }
    });
    child.once('exit', (code, signal) => this.#fail(new Error(`the worker exited (${signal ?? `code ${code}`}): ${this.#stderr.trim().split('\n').slice(-3).join(' / ')}`)));
  }

  #fail(e: Error): void {
    this.#dead ??= e;
    for (const p of this.#pending.values()) p.reject(this.#dead);
    this.#pending.clear();
  }

  static async start(runtime: Runtime, cfg: SmallConfig): Promise<SmallWorker> {
    const [cmd, args] = command(runtime);
    const child = spawn(cmd, args, { cwd: BENCH_DIR, env: childEnv({ S3BENCH: JSON.stringify(cfg) }), stdio: ['pipe', 'pipe', 'pipe'] });
    const w = new SmallWorker(child);
    const ready = await w.#wait(0, 60_000);
    if (!ready.ok) throw new Error(ready.error);
    return w;
  }

  #wait(id: number, timeoutMs: number): Promise<Reply> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  /** Send a command; a failed command rejects with the worker's error text. */
  async call(cmd: WorkerRequest, timeoutMs = 300_000): Promise<Reply> {
    const id = this.#nextId++;
    const reply = this.#wait(id, timeoutMs);
    this.#child.stdin!.write(JSON.stringify({ ...cmd, id }) + '\n');
    const r = await reply;
    if (!r.ok) throw new Error(r.error ?? 'failed');
    return r;
  }

  async stop(): Promise<void> {
    if (this.#dead) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    await this.call({ cmd: 'exit' }, 10_000).catch(() => this.#child.kill('SIGKILL'));
    await exited;
  }
}

/** One large transfer in a fresh process. */
export function runLarge(runtime: Runtime, cfg: LargeConfig, timeoutMs: number): Promise<LargeResult> {
  const [cmd, args] = command(runtime);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: BENCH_DIR, env: childEnv({ S3BENCH: JSON.stringify(cfg) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const result = /^RESULT (.*)$/m.exec(out)?.[1];
      if (code === 0 && result) return resolve(JSON.parse(result) as LargeResult);
      const failed = /^FAILED (.*)$/m.exec(out)?.[1];
      const why = failed ? (JSON.parse(failed) as { error: string }).error : `${signal ?? `exit code ${code}`}${signal === 'SIGKILL' ? ` (over ${timeoutMs / 1000} s)` : ''}: ${err.trim().split('\n').slice(-3).join(' / ')}`;
      reject(new Error(why));
    });
  });
}
