// Starting, probing and stopping local S3 servers for the live tests (used by global-setup.ts).
//
// Every server: bound to 127.0.0.1 only, on ports found free just before the start (retried if
// someone else grabs one first), a fresh mkdtemp folder holding its data, its log and its HOME,
// random credentials, its own process group (so the whole group is stopped), and a record in
// that folder (owner.json) so a later run can clean up after a test process that was SIGKILLed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveServer } from './servers.ts';

export type ServerKind = 's3s-fs' | 'minio' | 'versitygw' | 'rustfs';

export const REGION = 'us-east-1';
const HOST = '127.0.0.1';
const DIR_PREFIX = 's3wire-server-';

/** How to run one kind of server. */
interface Recipe {
  /** Ports to find: the S3 API first, then e.g. a console that must not fall back to 0.0.0.0. */
  readonly ports: number;
  command(p: { bin: string; data: string; ports: number[]; accessKeyId: string; secretAccessKey: string; certs?: string }): {
    args: string[];
    env: Record<string, string>;
  };
  /** Serves https with the certificate in `certs` when asked, under these file names. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

const RECIPES: Record<ServerKind, Recipe> = {
  // s3s-fs takes its keys only as flags (no env equivalent), so they show in `ps` for the life of
  // the test run; they are random, local to 127.0.0.1 and thrown away with the server.
  's3s-fs': {
    ports: 1,
    command: ({ data, ports, accessKeyId, secretAccessKey }) => ({
      args: ['--host', HOST, '--port', String(ports[0]), '--access-key', accessKeyId, '--secret-key', secretAccessKey, data],
      env: { RUST_LOG: 'info' },
    }),
  },
  minio: {
    ports: 2,
    tls: { cert: 'public.crt', key: 'private.key' },
    command: ({ data, ports, accessKeyId, secretAccessKey, certs }) => ({
      args: ['server', '--address', `${HOST}:${ports[0]}`, '--console-address', `${HOST}:${ports[1]}`, '--anonymous', ...(certs ? ['--certs-dir', certs] : []), data],
      env: {
        MINIO_ROOT_USER: accessKeyId,
        MINIO_ROOT_PASSWORD: secretAccessKey,
        MINIO_REGION: REGION,
        MINIO_UPDATE: 'off', // no update check against dl.min.io
        MINIO_CALLHOME_ENABLE: 'off', // no diagnostics upload (off by default; made explicit)
      },
    }),
  },
  // The fallback when MinIO does not build (scripts/servers/install.sh decides).
  versitygw: {
    ports: 1,
    command: ({ data, ports, accessKeyId, secretAccessKey }) => ({
      args: ['--port', `${HOST}:${ports[0]}`, '--region', REGION, 'posix', data],
      env: { ROOT_ACCESS_KEY: accessKeyId, ROOT_SECRET_KEY: secretAccessKey },
    }),
  },
  // The pinned build of scripts/servers/install.sh rustfs, a rustfs on PATH, or S3WIRE_RUSTFS_BIN.
  rustfs: {
    ports: 2,
    // RUSTFS_TLS_PATH: a folder with rustfs_cert.pem and rustfs_key.pem (rustfs-config's constants).
    tls: { cert: 'rustfs_cert.pem', key: 'rustfs_key.pem' },
    command: ({ data, ports, accessKeyId, secretAccessKey, certs }) => ({
      args: ['server', '--address', `${HOST}:${ports[0]}`, data],
      env: {
        ...(certs ? { RUSTFS_TLS_PATH: certs } : {}),
        RUSTFS_ACCESS_KEY: accessKeyId,
        RUSTFS_SECRET_KEY: secretAccessKey,
        RUSTFS_CONSOLE_ENABLE: 'false',
        RUSTFS_CONSOLE_ADDRESS: `${HOST}:${ports[1]}`, // in case a build ignores CONSOLE_ENABLE
        RUSTFS_OBS_ENDPOINT: '', // no OTLP export
        RUSTFS_CHECK_UPDATE: 'false', // no version check against version.rustfs.com
        RUSTFS_REGION: REGION,
        RUSTFS_UNSAFE_BYPASS_DISK_CHECK: 'true', // a temp folder is not a dedicated disk
        RUST_LOG: 'info',
      },
    }),
  },
};

/** A server process this module started (or tried to). */
export interface Started {
  readonly kind: ServerKind;
  readonly dir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly child: ChildProcess;
  /** Set once the process has exited (and been reaped). */
  exited: boolean;
  readonly exitedPromise: Promise<void>;
  /** Its certificate (PEM) when it serves https, and the file that holds it. */
  readonly ca?: string;
  readonly caFile?: string;
}

/** Everything started by this process and not yet cleaned up: what the signal/exit hooks stop. */
export const registry = new Set<Started>();
/** Every pid and folder ever created here, for the final "nothing left behind" check. */
export const created = { pids: new Set<number>(), dirs: new Set<string>() };

export function randomCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: `S3W${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('hex'),
  };
}

/** Ports free on 127.0.0.1 right now: listen on port 0 (all at once, so they differ), then close. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, HOST, () => resolve());
      });
    }
    return servers.map((s) => {
      const a = s.address();
      if (a === null || typeof a === 'string') throw new Error('could not read the port of a probe listener');
      return a.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('<redacted>');
  return out;
}

export function logTail(file: string, lines = 25): string {
  try {
    const all = readFileSync(file, 'utf8').split('\n');
    return all.slice(-lines - 1).join('\n').trimEnd() || '(empty log)';
  } catch {
    return '(no log)';
  }
}

const BIND_FAILURE = /address already in use|port is already in use|EADDRINUSE|os error 98/i;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true when `p` settles first, false after `ms`; the timer never holds the process open. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([p.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * A self-signed certificate for 127.0.0.1 (EC P-256, valid 2 days) made by openssl into `certs`,
 * under the file names the server looks for; its PEM, which clients are given to trust, and its file.
 * CA:FALSE, as a server's own certificate: rustls (Deno's TLS) refuses one marked as a CA.
 */
function makeCertificate(certs: string, names: { cert: string; key: string }): { ca: string; caFile: string } {
  mkdirSync(certs);
  const crt = join(certs, names.cert);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${HOST}`,
      '-addext', `subjectAltName=IP:${HOST}`, '-addext', 'basicConstraints=critical,CA:FALSE', '-keyout', join(certs, names.key), '-out', crt],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { ca: readFileSync(crt, 'utf8'), caFile: crt };
}

function spawnServer(kind: ServerKind, bin: string, ports: number[], creds: { accessKeyId: string; secretAccessKey: string }, tls = false): Started {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${kind}${tls ? '-tls' : ''}-`));
  created.dirs.add(dir);
  const data = join(dir, 'data');
  const home = join(dir, 'home');
  mkdirSync(data);
  mkdirSync(home);
  const certs = tls ? join(dir, 'certs') : undefined;
  let cert: { ca: string; caFile: string } | undefined;
  try {
    const names = RECIPES[kind].tls;
    if (certs && names) cert = makeCertificate(certs, names);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`${kind}: openssl could not make its https certificate: ${stderr || (e as Error).message}`);
  }
  const logFile = join(dir, 'server.log');
  const { args, env } = RECIPES[kind].command({ bin, data, ports, ...creds, certs });
  const fd = openSync(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(bin, args, {
      cwd: dir,
      // A small, explicit environment: no AWS_* / proxy / NODE_* settings leak into the servers.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: dir, LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', fd, fd],
      detached: true, // own process group: stopping it stops anything it forked
    });
  } finally {
    closeSync(fd);
  }
  child.unref(); // never keep the test process alive; the exit hook still stops it
  if (child.pid !== undefined) {
    created.pids.add(child.pid);
    // Lets a later run clean up if this process is SIGKILLed before its teardown (see sweepStale).
    writeFileSync(join(dir, 'owner.json'), JSON.stringify({ ownerPid: process.pid, pid: child.pid, kind }), { mode: 0o600 });
  }
  let markExited!: () => void;
  const exitedPromise = new Promise<void>((resolve) => (markExited = resolve));
  const started: Started = { kind, dir, logFile, pid: child.pid, child, exited: false, exitedPromise, ...cert };
  child.once('exit', () => {
    started.exited = true;
    markExited();
  });
  child.once('error', () => {
    // spawn failure (ENOENT, EACCES): no 'exit' follows.
    started.exited = true;
    markExited();
  });
  registry.add(started);
  return started;
}

export interface Probe {
  /** One attempt: the HTTP status, or throws on a network error. */
  (server: LiveServer): Promise<{ status: number; body: string }>;
}

export interface StartOptions {
  readonly kind: ServerKind;
  readonly bin: string;
  readonly readyTimeoutMs: number;
  readonly probe: Probe;
  /** true: any HTTP answer means up (unsigned probe); false: only 200. */
  readonly anyAnswer: boolean;
  /** Serve https, with a certificate made for this start (only kinds whose recipe has `tls`). */
  readonly tls?: boolean;
}

export interface RunningServer {
  readonly live: LiveServer;
  readonly started: Started;
  readonly readyMs: number;
}

/** Start one server and wait until it answers; throws (after stopping it) if it does not. */
export async function startServer(o: StartOptions): Promise<RunningServer> {
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    const creds = randomCredentials();
    const ports = await freePorts(RECIPES[o.kind].ports);
    const port = ports[0]!;
    if (o.tls && !RECIPES[o.kind].tls) throw new Error(`${o.kind}: no https recipe`);
    const t0 = Date.now();
    const started = spawnServer(o.kind, o.bin, ports, creds, o.tls);
    const live: LiveServer = o.tls
      ? { name: `${o.kind}-tls`, endpoint: `https://${HOST}:${port}`, region: REGION, ...creds, ca: started.ca }
      : { name: o.kind, endpoint: `http://${HOST}:${port}`, region: REGION, ...creds };
    const result = await waitReady(started, live, o);
    if (result.ok) return { live, started, readyMs: Date.now() - t0 };

    const tail = redact(logTail(started.logFile), [creds.accessKeyId, creds.secretAccessKey]);
    await stopServer(started);
    if (started.exited && BIND_FAILURE.test(tail) && attempt < attempts) {
      console.warn(`[s3wire servers] ${o.kind}: port ${ports.join('/')} was taken before the server could bind it; retrying on new ports`);
      continue;
    }
    throw new Error(
      `${o.kind} did not become ready on ${HOST}:${port}` +
        (ports.length > 1 ? ` (other ports: ${ports.slice(1).join(', ')})` : '') +
        `: ${result.why}\n` +
        `binary: ${o.bin}\n` +
        `last lines of its log:\n${tail}`,
    );
  }
}

async function waitReady(started: Started, live: LiveServer, o: StartOptions): Promise<{ ok: true } | { ok: false; why: string }> {
  const deadline = Date.now() + o.readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (started.exited) {
      const { exitCode, signalCode } = started.child;
      return { ok: false, why: `the process exited (${signalCode ?? `code ${exitCode}`}) before answering; last probe: ${last}` };
    }
    try {
      const { status, body } = await o.probe(live);
      if (status === 200 || o.anyAnswer) return { ok: true };
      const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
      last = `HTTP ${status}${code ? ` ${code}` : ''}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      last = err.cause?.code ?? err.name ?? String(e);
    }
    await sleep(200);
  }
  const hint = /SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId|403/.test(last)
    ? ' (the server is up but refuses our signature: check src/sigv4, or run unit tests alone with S3WIRE_SERVERS=none)'
    : '';
  return { ok: false, why: `no HTTP 200 to a signed ListBuckets within ${Math.round(o.readyTimeoutMs / 1000)} s; last probe: ${last}${hint}` };
}

function signalGroup(s: Started, signal: NodeJS.Signals): void {
  if (s.pid === undefined) return;
  try {
    process.kill(-s.pid, signal); // the process group (detached: true made the server its leader)
  } catch {
    try {
      process.kill(s.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs; then remove the folder. */
export async function stopServer(s: Started, graceMs = 5000): Promise<void> {
  if (!s.exited) {
    signalGroup(s, 'SIGTERM');
    if (!(await within(s.exitedPromise, graceMs))) {
      console.warn(`[s3wire servers] ${s.kind} (pid ${s.pid}) ignored SIGTERM for ${graceMs / 1000} s; sending SIGKILL`);
      signalGroup(s, 'SIGKILL');
      await within(s.exitedPromise, 5000);
    }
  }
  // Group members other than the leader (none expected) get the same treatment.
  if (s.pid !== undefined && isGroupAlive(s.pid)) signalGroup(s, 'SIGKILL');
  await rm(s.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  registry.delete(s);
}

/** Synchronous last resort for signal / exit hooks: no waiting on the event loop. */
export function stopAllSync(): void {
  if (registry.size === 0) return;
  for (const s of registry) if (!s.exited) signalGroup(s, 'SIGTERM');
  const until = Date.now() + 2000;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < until && [...registry].some((s) => s.pid !== undefined && isPidRunning(s.pid))) Atomics.wait(nap, 0, 0, 50);
  for (const s of registry) {
    signalGroup(s, 'SIGKILL');
    try {
      rmSync(s.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      /* reported by the final check if it was reached */
    }
  }
  registry.clear();
}

/** True if any process is left in the group (kill(-pgid, 0) fails with ESRCH once it is empty). */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Running, not a zombie: zombies have exited, they are only waiting to be reaped. */
function isPidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): assume running
  }
}

/** What is left behind: live process groups and folders this process created. */
export function leftovers(): string[] {
  const out: string[] = [];
  for (const pid of created.pids) if (isGroupAlive(pid)) out.push(`process group ${pid} is still running`);
  for (const dir of created.dirs) if (existsSync(dir)) out.push(`folder ${dir} still exists`);
  return out;
}

/**
 * Clean up after earlier runs that were killed with SIGKILL (no teardown ran): folders whose
 * owner.json names a dead test process. Their server is killed only if /proc shows it still
 * running with that folder on its command line (so a reused pid is never hit).
 */
export function sweepStale(): string[] {
  const cleaned: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return cleaned;
  }
  for (const name of names) {
    const dir = join(tmpdir(), name);
    let owner: { ownerPid?: number; pid?: number };
    try {
      owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as typeof owner;
    } catch {
      continue; // not ours, or still being created
    }
    if (typeof owner.ownerPid !== 'number' || isPidRunning(owner.ownerPid)) continue;
    if (typeof owner.pid === 'number') {
      try {
        const cmdline = readFileSync(`/proc/${owner.pid}/cmdline`, 'utf8');
        if (cmdline.includes(dir)) process.kill(-owner.pid, 'SIGKILL');
      } catch {
        /* gone, or no /proc */
      }
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      cleaned.push(dir);
    } catch {
      /* not ours to remove (another user) */
    }
  }
  return cleaned;
}
