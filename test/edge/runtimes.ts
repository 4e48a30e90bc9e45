// Finding the non-Node runtimes the edge tests run the client in.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LiveServer } from '../servers/servers.ts';
import type { ScenarioReport } from './scenario.ts';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** S3WIRE_BUN, else the `bun` npm package's binary, else bun on PATH. */
export function findBun(): string | undefined {
  const given = process.env.S3WIRE_BUN;
  if (given) {
    if (!executable(given)) throw new Error(`S3WIRE_BUN=${given} is not an executable file`);
    return given;
  }
  // The platform package holds the binary until bun's postinstall moves it to node_modules/.bin;
  // it is still there when install scripts were not allowed to run.
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  for (const bin of [join(ROOT, 'node_modules', '@oven', `bun-${process.platform}-${arch}`, 'bin', 'bun'), join(ROOT, 'node_modules', '.bin', 'bun')]) {
    if (executable(bin)) return bin;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, 'bun'))) return join(dir, 'bun');
  }
  return undefined;
}

/**
 * Run a scenario script (`command args...`, from the repo root) against a live server given in
 * S3WIRE_EDGE_*: its report (the last line of its output, printed even when it exits 1) and stderr.
 */
export async function runScenario(command: string, args: string[], server: LiveServer, timeoutMs = 170_000): Promise<{ report: ScenarioReport; stderr: string }> {
  const child = run(command, args, {
    cwd: ROOT,
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      S3WIRE_EDGE_NAME: server.name,
      S3WIRE_EDGE_ENDPOINT: server.endpoint,
      S3WIRE_EDGE_REGION: server.region,
      S3WIRE_EDGE_ACCESS_KEY: server.accessKeyId,
      S3WIRE_EDGE_SECRET_KEY: server.secretAccessKey,
    },
  });
  const { stdout, stderr } = await child.catch((e: { stdout?: string; stderr?: string; message: string }) => {
    // A non-zero exit still printed a report: the caller asserts it, so the failing step is named.
    if (e.stdout?.trim().startsWith('{')) return { stdout: e.stdout, stderr: e.stderr ?? '' };
    throw new Error(`${args.at(-1)} failed without a report: ${e.message}\n${e.stderr ?? ''}`);
  });
  return { report: JSON.parse(stdout.trim().split('\n').at(-1)!) as ScenarioReport, stderr };
}
