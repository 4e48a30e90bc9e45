// One client in a process of its own, under Node (bundled by clients.ts), Bun or Deno, so no client
// shares a heap, a JIT or a global dispatcher with another. Two modes, set by the S3BENCH variable:
//   small: reads one JSON command a line on stdin (validate, run, list), answers `BENCH {json}`;
//   large: one large transfer, then `RESULT {json}` with its time and the process's peak RSS.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chunkAt, generate } from './data.ts';
import { LARGE_CLIENTS, type FloorUrls, type TransferSettings } from './large-clients.ts';
import { errorText, runSmall, validateDelete, validateWrite, type SmallClient, type SmallSpec } from './loop.ts';
import { NODE_CLIENTS, type Target } from './node-clients.ts';

export type WorkerCommand =
  | { id: number; cmd: 'validate' | 'validate-delete'; key: string }
  | { id: number; cmd: 'run'; spec: SmallSpec }
  | { id: number; cmd: 'list'; prefix: string }
  | { id: number; cmd: 'exit' };
/** A command before the worker wrapper numbers it. */
export type WorkerRequest = WorkerCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never;

export interface SmallConfig {
  readonly mode: 'small';
  readonly client: string;
  readonly target: Target;
}

export interface LargeConfig {
  readonly mode: 'large';
  readonly client: string;
  readonly target: Target;
  readonly direction: 'upload' | 'download';
  readonly key: string;
  /** An object that exists, for the first HEAD (made before the transfer is timed). */
  readonly headKey: string;
  readonly size: number;
  readonly settings: TransferSettings;
  /** Hash the bytes as they pass (the validation pass only: it costs time). */
  readonly validate: boolean;
  readonly floor?: FloorUrls;
}

export interface LargeResult {
  /** The transfer's time, from the call to its last byte. */
  readonly ms: number;
  /** The process's first request, a HEAD before the transfer: the library's loading on first use, a connection, one round trip. */
  readonly firstMs: number;
  readonly bytes: number;
  /** VmRSS once the library is loaded, its client made and the first HEAD answered, before the transfer (KiB). */
  readonly baselineKiB: number;
  /** VmHWM at the end: the process's peak RSS (KiB). */
  readonly peakKiB: number;
  /** User + system CPU time of this process over the transfer (µs), every thread (Bun's HTTP thread too). */
  readonly cpuUs: number;
  readonly sha256?: string;
}

function status(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const send = (o: object) => process.stdout.write('BENCH ' + JSON.stringify(o) + '\n');

async function smallMode(cfg: SmallConfig): Promise<void> {
  let client: SmallClient;
  if (cfg.client === 'bun') client = (await import('./bun-client.ts')).bunSmall(cfg.target);
  else if (cfg.client === 's3wire-bun') client = await (await import('./bun-client.ts')).s3wireBunSmall(cfg.target);
  else if (cfg.client === 'floor-bun' || cfg.client === 'floor-deno') client = await (await import('./bun-client.ts')).fetchFloorSmall(cfg.target);
  else if (cfg.client === 's3wire-deno') client = await (await import('./bun-client.ts')).s3wireDenoSmall(cfg.target);
  else {
    const def = NODE_CLIENTS.find((d) => d.id === cfg.client);
    if (!def) throw new Error(`unknown client ${cfg.client}`);
    client = await def.create(cfg.target);
  }
  send({ id: 0, ok: true, ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as WorkerCommand;
    try {
      switch (msg.cmd) {
        case 'validate':
          await validateWrite(client, msg.key);
          send({ id: msg.id, ok: true });
          break;
        case 'validate-delete':
          await validateDelete(client, msg.key);
          send({ id: msg.id, ok: true });
          break;
        case 'run':
          send({ id: msg.id, ok: true, ...(await runSmall(client, msg.spec)) });
          break;
        case 'list': {
          if (!client.list) throw new Error('this client cannot list');
          const t0 = performance.now();
          const count = await client.list(msg.prefix);
          send({ id: msg.id, ok: true, ms: performance.now() - t0, count });
          break;
        }
        case 'exit':
          await client.close?.().catch(() => undefined);
          send({ id: msg.id, ok: true });
          process.exit(0);
      }
    } catch (e) {
      send({ id: msg.id, ok: false, error: errorText(e) });
    }
  }
  process.exit(0);
}

async function largeMode(cfg: LargeConfig): Promise<void> {
  const def = LARGE_CLIENTS.find((d) => d.id === cfg.client);
  if (!def) throw new Error(`unknown client ${cfg.client}`);
  const client = await def.create(cfg.target, cfg.floor);
  const h0 = performance.now();
  await client.head(cfg.headKey);
  const firstMs = performance.now() - h0;
  chunkAt(0, 1); // the data pool is made before the baseline is read
  const hash = cfg.validate ? createHash('sha256') : undefined;
  let bytes = 0;
  const baselineKiB = status('VmRSS');
  let ms: number;
  const cpu0 = process.cpuUsage();
  if (cfg.direction === 'upload') {
    if (!client.upload) throw new Error('no upload');
    const upload = client.upload.bind(client);
    async function* counted() {
      for await (const c of generate(cfg.size)) {
        bytes += c.length;
        hash?.update(c);
        yield c;
      }
    }
    const t0 = performance.now();
    await upload(cfg.key, counted(), cfg.settings);
    ms = performance.now() - t0;
  } else {
    if (!client.download) throw new Error('no download');
    const t0 = performance.now();
    for await (const c of await client.download(cfg.key, cfg.settings)) {
      bytes += c.length;
      hash?.update(c);
    }
    ms = performance.now() - t0;
  }
  const cpu = process.cpuUsage(cpu0);
  if (bytes !== cfg.size) throw new Error(`${cfg.direction}: ${bytes} bytes passed, expected ${cfg.size}`);
  const result: LargeResult = { ms, firstMs, bytes, baselineKiB, peakKiB: status('VmHWM'), cpuUs: cpu.user + cpu.system, ...(hash ? { sha256: hash.digest('hex') } : {}) };
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
  // Keep-alive sockets and timers must not hold the process: the figures are out.
  process.exit(0);
}

const cfg = JSON.parse(process.env.S3BENCH ?? 'null') as SmallConfig | LargeConfig | null;
if (!cfg) throw new Error('worker.ts is started by clients.ts (S3BENCH is not set)');
try {
  await (cfg.mode === 'small' ? smallMode(cfg) : largeMode(cfg));
} catch (e) {
  process.stdout.write('FAILED ' + JSON.stringify({ error: errorText(e) }) + '\n');
  process.exit(1);
}
