// vitest global setup: starts the S3 servers the live tests run against and hands them to the
// tests with provide('s3wireServers', ...); see test/servers/README.md.
//
//   S3WIRE_SERVERS=s3s-fs,minio   which local servers (default: s3s-fs,minio, plus rustfs if its
//                                 pinned build is cached or a rustfs is on PATH; named here, it is
//                                 built when missing); S3WIRE_SERVERS=none: no servers (unit runs)
//   S3WIRE_ENDPOINT, S3WIRE_ACCESS_KEY, S3WIRE_SECRET_KEY [, S3WIRE_REGION, S3WIRE_SERVER_NAME]
//                                 use an already running server instead; nothing is started
//   S3WIRE_<S3S_FS|MINIO|VERSITYGW|RUSTFS>_BIN   use this binary instead of the cached build
//   S3WIRE_NO_INSTALL=1           never build anything; fail if a binary is missing
//   S3WIRE_READY_TIMEOUT_MS       per server (default 60000)
//   S3WIRE_TLS=0                  no MinIO or RustFS on https (by default each runs once more on
//                                 https whenever it runs, for test/live/tls.test.ts)
//   S3WIRE_CACHE                  cache folder of scripts/servers/install.sh
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import {
  REGION,
  leftovers,
  registry,
  startServer,
  stopAllSync,
  stopServer,
  sweepStale,
  type Probe,
  type RunningServer,
  type ServerKind,
} from './launch.ts';
import { httpsCall } from './https.ts';
import type { LiveServer } from './servers.ts';

const KINDS: readonly ServerKind[] = ['s3s-fs', 'minio', 'versitygw', 'rustfs'];
const INSTALL_SH = fileURLToPath(new URL('../../scripts/servers/install.sh', import.meta.url));
const log = (msg: string): void => console.log(`[s3wire servers] ${msg}`);

type Selection = { readonly external: LiveServer } | { readonly kinds: ServerKind[]; readonly explicit: boolean };

function readSelection(env: NodeJS.ProcessEnv): Selection {
  const servers = env.S3WIRE_SERVERS?.trim() ?? '';
  if (env.S3WIRE_ENDPOINT) {
    if (servers !== '' && servers !== 'none') {
      throw new Error('set either S3WIRE_ENDPOINT (an existing server) or S3WIRE_SERVERS (local servers), not both');
    }
    const missing = ['S3WIRE_ACCESS_KEY', 'S3WIRE_SECRET_KEY'].filter((k) => !env[k]);
    if (missing.length > 0) throw new Error(`S3WIRE_ENDPOINT is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not`);
    let url: URL;
    try {
      url = new URL(env.S3WIRE_ENDPOINT);
    } catch {
      throw new Error(`S3WIRE_ENDPOINT is not a URL: ${env.S3WIRE_ENDPOINT}`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search !== '') {
      throw new Error(`S3WIRE_ENDPOINT must be a bare http(s)://host[:port] (path-style base URL), got ${env.S3WIRE_ENDPOINT}`);
    }
    return {
      external: {
        name: env.S3WIRE_SERVER_NAME || 'external',
        endpoint: url.origin,
        region: env.S3WIRE_REGION || REGION,
        accessKeyId: env.S3WIRE_ACCESS_KEY!,
        secretAccessKey: env.S3WIRE_SECRET_KEY!,
      },
    };
  }
  if (servers === 'none') return { kinds: [], explicit: true };
  if (servers === '') return { kinds: ['s3s-fs', 'minio', 'rustfs'], explicit: false }; // rustfs: only if found
  const kinds: ServerKind[] = [];
  for (const raw of servers.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!(KINDS as readonly string[]).includes(name)) {
      throw new Error(`S3WIRE_SERVERS: unknown server '${name}' (known: ${KINDS.join(', ')}, or none)`);
    }
    if (!kinds.includes(name as ServerKind)) kinds.push(name as ServerKind);
  }
  return { kinds, explicit: true };
}

interface Installed {
  readonly version: string;
  readonly bin: string;
  readonly state: 'installed' | 'missing' | 'failed';
}

function readInstallPaths(): Map<string, Installed> {
  const out = execFileSync('bash', [INSTALL_SH, '--paths'], { encoding: 'utf8' });
  const map = new Map<string, Installed>();
  for (const line of out.split('\n')) {
    const [name, version, bin, state] = line.split('\t');
    if (name && version && bin && (state === 'installed' || state === 'missing' || state === 'failed')) {
      map.set(name, { version, bin, state });
    }
  }
  return map;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function envBin(kind: ServerKind): string | undefined {
  const key = `S3WIRE_${kind.replace(/-/g, '_').toUpperCase()}_BIN`;
  const bin = process.env[key];
  if (!bin) return undefined;
  if (!isExecutable(bin)) throw new Error(`${key}=${bin} is not an executable file`);
  return bin;
}

let installChild: ChildProcess | undefined;

function runInstall(names: string[]): Promise<void> {
  log(`building missing servers with scripts/servers/install.sh ${names.join(' ')} (first time: several minutes)`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [INSTALL_SH, ...names], { stdio: ['ignore', 'inherit', 'inherit'] });
    installChild = child;
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      installChild = undefined;
      if (code === 0) resolve();
      else reject(new Error(`scripts/servers/install.sh ${names.join(' ')} failed (${signal ?? `exit code ${code}`}); see its output above`));
    });
  });
}

interface Planned {
  readonly kind: ServerKind;
  readonly bin: string;
  readonly version: string;
}

/** Which binaries to run, building the missing ones first. */
async function plan(kinds: ServerKind[], explicit: boolean): Promise<Planned[]> {
  const overrides = new Map(kinds.map((k) => [k, envBin(k)] as const));
  const cached = kinds.filter((k) => overrides.get(k) === undefined);
  let paths = cached.length > 0 ? readInstallPaths() : new Map<string, Installed>();
  const rustfsOnPath = kinds.includes('rustfs') ? onPath('rustfs') : undefined;

  const needs = (k: ServerKind): boolean => {
    const p = paths.get(k);
    if (p?.state === 'installed') return false;
    // RustFS's first build is long: built only when asked for by name, and not when one is on PATH.
    if (k === 'rustfs') return explicit && rustfsOnPath === undefined;
    // MinIO failed to build before: fine as long as its fallback is there.
    if (k === 'minio' && p?.state === 'failed') return paths.get('versitygw')?.state !== 'installed';
    return true;
  };
  const toInstall = cached.filter(needs);
  if (toInstall.length > 0) {
    if (process.env.S3WIRE_NO_INSTALL === '1') {
      throw new Error(`S3WIRE_NO_INSTALL=1 but not installed: ${toInstall.join(', ')} (run bash scripts/servers/install.sh)`);
    }
    await runInstall(toInstall);
    paths = readInstallPaths();
  }

  const out: Planned[] = [];
  for (const kind of kinds) {
    const override = overrides.get(kind);
    if (override !== undefined) {
      out.push({ kind, bin: override, version: 'from env' });
      continue;
    }
    const p = paths.get(kind);
    if (kind === 'rustfs' && p?.state !== 'installed') {
      if (rustfsOnPath !== undefined) out.push({ kind, bin: rustfsOnPath, version: 'from PATH' });
      else log(`rustfs ${p?.version ?? ''} is not built: left out (bash scripts/servers/install.sh rustfs, or S3WIRE_SERVERS=s3s-fs,minio,rustfs to build it first)`);
      continue;
    }
    if (p?.state === 'installed') {
      out.push({ kind, bin: p.bin, version: p.version });
      continue;
    }
    const gw = paths.get('versitygw');
    if (kind === 'minio' && gw?.state === 'installed') {
      log(`MinIO is not available (its build failed); using versitygw ${gw.version} instead`);
      if (!kinds.includes('versitygw')) out.push({ kind: 'versitygw', bin: gw.bin, version: gw.version });
      continue;
    }
    throw new Error(`${kind} is not installed after scripts/servers/install.sh (expected ${p?.bin ?? 'a binary'})`);
  }
  return out;
}

type CreateSigner = (typeof import('../../src/sigv4/index.ts'))['createSigner'];

/** Our own signer (src/sigv4); undefined if it cannot be loaded, then readiness is checked unsigned. */
async function loadSigner(): Promise<CreateSigner | undefined> {
  try {
    const mod = await import('../../src/sigv4/index.ts');
    if (typeof mod.createSigner === 'function') return mod.createSigner;
    log('src/sigv4 has no createSigner: checking readiness with unsigned requests (any HTTP answer = up)');
  } catch (e) {
    log(`src/sigv4 could not be loaded (${(e as Error).message.split('\n')[0]}): checking readiness with unsigned requests (any HTTP answer = up)`);
  }
  return undefined;
}

function makeProbe(createSigner: CreateSigner | undefined): Probe {
  return async (server) => {
    const host = new URL(server.endpoint).host;
    let headers: Record<string, string> = {};
    if (createSigner !== undefined) {
      const signer = createSigner({
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
        region: server.region,
        service: 's3',
      });
      headers = { ...signer.sign({ method: 'GET', host, path: '/' }, { date: new Date(), payload: { kind: 'unsigned' } }).headers };
    }
    if (server.ca !== undefined) {
      const res = await httpsCall(`${server.endpoint}/`, server.ca, { headers, timeoutMs: 3000 });
      return { status: res.status, body: res.body.toString() };
    }
    const res = await fetch(`${server.endpoint}/`, { headers, signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: await res.text() };
  };
}

// --- stopping on signals and on exit -------------------------------------------------------------

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Signals that had no other listener when ours was added: for those, we must end the process. */
const soleListener = new Set<NodeJS.Signals>();

function onSignal(signal: NodeJS.Signals): void {
  installChild?.kill('SIGTERM');
  stopAllSync();
  // vitest's own SIGINT/SIGTERM handler exits the process; where there is none, die as usual.
  if (soleListener.has(signal)) {
    removeHooks();
    process.kill(process.pid, signal);
  }
}

function onExit(): void {
  installChild?.kill('SIGTERM');
  stopAllSync();
}

function addHooks(): void {
  soleListener.clear();
  for (const s of SIGNALS) {
    if (process.listenerCount(s) === 0) soleListener.add(s);
    process.on(s, onSignal);
  }
  process.on('exit', onExit);
}

function removeHooks(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', onExit);
}

async function stopAll(): Promise<void> {
  const results = await Promise.allSettled([...registry].map((s) => stopServer(s)));
  const left = leftovers();
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  if (left.length > 0 || errors.length > 0) {
    // vitest only logs errors thrown by a global teardown ("error during close") and exits 0.
    process.exitCode = 1;
    throw new Error(`s3wire test servers were not cleaned up:\n  ${[...errors, ...left].join('\n  ')}`);
  }
}

// --- setup / teardown ---------------------------------------------------------------------------

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const selection = readSelection(process.env);
  const createSigner = await loadSigner();
  const probe = makeProbe(createSigner);

  if ('external' in selection) {
    const server = selection.external;
    let answer: { status: number; body: string };
    try {
      answer = await probe(server);
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      throw new Error(`S3WIRE_ENDPOINT ${server.endpoint} does not answer: ${err.cause?.code ?? err.message}`);
    }
    if (answer.status !== 200) log(`warning: ${server.endpoint} answered HTTP ${answer.status} to a signed ListBuckets`);
    log(`using ${server.name} at ${server.endpoint} (region ${server.region}); no local servers started`);
    project.provide('s3wireServers', [server]);
    project.provide('s3wireTlsServers', []);
    return async () => {};
  }

  const swept = sweepStale();
  if (swept.length > 0) log(`removed ${swept.length} folder(s) left by an earlier run that was killed: ${swept.join(', ')}`);

  if (selection.kinds.length === 0) {
    log('S3WIRE_SERVERS=none: no servers; live tests will skip (or fail with CI=true)');
    project.provide('s3wireServers', []);
    project.provide('s3wireTlsServers', []);
    return async () => {};
  }

  addHooks();
  const running: RunningServer[] = [];
  try {
    const http = await plan(selection.kinds, selection.explicit);
    // MinIO and RustFS once more, on https: the TLS path of the transports (test/live/tls.test.ts)
    // against Go's TLS and against rustls.
    const twins = process.env.S3WIRE_TLS === '0' ? [] : http.filter((p) => p.kind === 'minio' || p.kind === 'rustfs');
    const planned: (Planned & { tls?: boolean })[] = [...http, ...twins.map((p) => ({ ...p, tls: true }))];
    const timeout = Number(process.env.S3WIRE_READY_TIMEOUT_MS) || 60_000;
    const results = await Promise.allSettled(
      planned.map((p) => startServer({ kind: p.kind, bin: p.bin, readyTimeoutMs: timeout, probe, anyAnswer: createSigner === undefined, tls: p.tls })),
    );
    const failures: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        running.push(r.value);
        const p = planned[i]!;
        log(`${r.value.live.name} ${p.version} on ${r.value.live.endpoint}, ready in ${(r.value.readyMs / 1000).toFixed(1)} s`);
      } else {
        failures.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
      }
    });
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  } catch (e) {
    try {
      await stopAll();
    } catch (cleanupError) {
      (e as Error).message += `\n\n${(cleanupError as Error).message}`;
    } finally {
      removeHooks();
    }
    throw e;
  }

  project.provide(
    's3wireServers',
    running.filter((r) => r.live.ca === undefined).map((r) => r.live),
  );
  project.provide(
    's3wireTlsServers',
    running.filter((r) => r.live.ca !== undefined).map((r) => r.live),
  );

  return async () => {
    const t0 = Date.now();
    try {
      await stopAll();
    } finally {
      removeHooks();
    }
    log(`stopped ${running.map((r) => r.live.name).join(', ')} and removed their folders in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
}
