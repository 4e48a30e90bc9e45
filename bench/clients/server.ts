// The server the client benchmark runs against: started with the live tests' launcher
// (test/servers/launch.ts) on a free port of 127.0.0.1, with random keys and a throw-away folder.
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { stopServer, type RunningServer, type ServerKind } from '../../test/servers/launch.ts';
import { cachedServer, installedServer, startLocalServer } from '../../test/servers/local.ts';

export type BenchServerKind = 'minio' | 's3s-fs' | 'rustfs';

export interface BenchServer {
  readonly kind: BenchServerKind;
  readonly version: string;
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** On https: the PEM of the certificate made for this start, and the file that holds it. */
  readonly ca?: string;
  readonly caFile?: string;
  stop(): Promise<void>;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The binary for a kind: S3WIRE_<KIND>_BIN, else the pinned build (built once, cached; RustFS's
 * first build is long), else for RustFS a `rustfs` on PATH before building it.
 */
function binaryOf(kind: BenchServerKind): { bin: string; version: string } {
  const override = process.env[`S3WIRE_${kind.replace('-', '_').toUpperCase()}_BIN`];
  if (override) return { bin: override, version: versionOf(override) };
  if (kind === 'rustfs') {
    const cached = cachedServer('rustfs');
    if (cached) return cached;
    const bin = onPath('rustfs');
    if (bin) return { bin, version: versionOf(bin) };
  }
  // Instant when cached; builds the pinned version otherwise (minutes).
  return installedServer(kind);
}

function versionOf(bin: string): string {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return '?';
  }
}

/** RustFS when a binary is at hand (S3WIRE_RUSTFS_BIN, the cached pinned build or PATH), else MinIO. */
export function defaultBenchServer(): BenchServerKind {
  return process.env.S3WIRE_RUSTFS_BIN || cachedServer('rustfs') || onPath('rustfs') ? 'rustfs' : 'minio';
}

export async function startBenchServer(kind: BenchServerKind, options: { tls?: boolean } = {}): Promise<BenchServer> {
  const { bin, version } = binaryOf(kind);
  const running: RunningServer = await startLocalServer(kind as ServerKind, bin, options);
  const { live } = running;
  const { ca, caFile } = running.started;
  return {
    kind,
    version,
    endpoint: live.endpoint,
    region: live.region,
    accessKeyId: live.accessKeyId,
    secretAccessKey: live.secretAccessKey,
    ...(ca && caFile ? { ca, caFile } : {}),
    stop: () => stopServer(running.started),
  };
}
