// One local server for scripts outside the test suite (the demo, the benchmarks): the pinned
// build from scripts/servers/install.sh (built once, then cached), started by launch.ts and probed
// with s3wire itself (a signed ListBuckets must answer 200).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { S3Client, undiciTransport } from '../../src/index.ts';
import { startServer, type RunningServer, type ServerKind } from './launch.ts';
import type { LiveServer } from './servers.ts';

const INSTALL = fileURLToPath(new URL('../../scripts/servers/install.sh', import.meta.url));

/** The pinned build of `kind` if scripts/servers/install.sh has it cached, without building anything. */
export function cachedServer(kind: ServerKind): { bin: string; version: string } | undefined {
  const line = execFileSync('bash', [INSTALL, '--paths'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split('\t'))
    .find((f) => f[0] === kind && f[3] === 'installed');
  return line ? { bin: line[2]!, version: line[1]! } : undefined;
}

/** Build the pinned server if it is missing (minutes the first time); its binary and version. */
export function installedServer(kind: ServerKind): { bin: string; version: string } {
  execFileSync('bash', [INSTALL, kind], { stdio: ['ignore', 'inherit', 'inherit'] });
  const found = cachedServer(kind);
  if (!found) throw new Error(`${kind} is not installed (see scripts/servers/install.sh)`);
  return found;
}

async function probe(s: LiveServer): Promise<{ status: number; body: string }> {
  const c = new S3Client({ endpoint: s.endpoint, region: s.region, credentials: s, maxAttempts: 1, ...(s.ca ? { transport: undiciTransport({ tls: { ca: s.ca } }) } : {}) });
  try {
    await c.listBuckets();
    return { status: 200, body: '' };
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === undefined) throw e;
    return { status, body: '' };
  } finally {
    await c.close();
  }
}

/**
 * Start `bin` as a `kind` server on a free 127.0.0.1 port; ready once it answers a signed request.
 * `tls`: on https, with a certificate made for this start (its PEM is the server's `ca`).
 */
export function startLocalServer(kind: ServerKind, bin: string, options: { tls?: boolean } = {}): Promise<RunningServer> {
  return startServer({ kind, bin, readyTimeoutMs: 60_000, probe, anyAnswer: false, ...(options.tls ? { tls: true } : {}) });
}
