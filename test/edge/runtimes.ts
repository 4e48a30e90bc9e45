// Finding the non-Node runtimes the edge tests run the client in.
import { execFile } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
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

/** The file named in `variable`, else the first executable of `candidates`, else `name` on PATH. */
function findExecutable(name: string, variable: string, candidates: string[]): string | undefined {
  const given = process.env[variable];
  if (given) {
    if (!executable(given)) throw new Error(`${variable}=${given} is not an executable file`);
    return given;
  }
  for (const bin of candidates) if (executable(bin)) return bin;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** S3WIRE_BUN, else the `bun` npm package's binary, else bun on PATH. */
export function findBun(): string | undefined {
  // The platform package holds the binary until bun's postinstall moves it to node_modules/.bin;
  // it is still there when install scripts were not allowed to run.
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  return findExecutable('bun', 'S3WIRE_BUN', [join(ROOT, 'node_modules', '@oven', `bun-${process.platform}-${arch}`, 'bin', 'bun'), join(ROOT, 'node_modules', '.bin', 'bun')]);
}

/** S3WIRE_DENO, else the `deno` npm package's binary, else deno on PATH. */
export function findDeno(): string | undefined {
  // The platform package (@deno/linux-x64-glibc...) holds the binary, whether or not the `deno`
  // package's postinstall ran to link it into the package itself.
  return findExecutable('deno', 'S3WIRE_DENO', [
    join(ROOT, 'node_modules', '@deno', `${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`, 'deno'),
    join(ROOT, 'node_modules', '.bin', 'deno'),
  ]);
}

/**
 * Run a scenario script (`command args...`, from the repo root or `cwd`) against a live server
 * given in S3WIRE_EDGE_* (an https server's certificate in S3WIRE_EDGE_CA), with `env` added: its
 * report (the last line of its output, printed even when it exits 1) and stderr.
 */
export async function runScenario(
  command: string,
  args: string[],
  server: LiveServer,
  options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ report: ScenarioReport; stderr: string }> {
  const timeoutMs = options.timeoutMs ?? 170_000;
  const child = run(command, args, {
    cwd: options.cwd ?? ROOT,
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
      ...(server.ca ? { S3WIRE_EDGE_CA: server.ca } : {}),
      ...options.env,
    },
  });
  const { stdout, stderr } = await child.catch((e: { stdout?: string; stderr?: string; message: string }) => {
    // A non-zero exit still printed a report: the caller asserts it, so the failing step is named.
    if (e.stdout?.trim().startsWith('{')) return { stdout: e.stdout, stderr: e.stderr ?? '' };
    throw new Error(`${args.at(-1)} failed without a report: ${e.message}\n${e.stderr ?? ''}`);
  });
  return { report: JSON.parse(stdout.trim().split('\n').at(-1)!) as ScenarioReport, stderr };
}

/** Print a report's steps under `heading` (e.g. `bun 1.4.5 on minio`), and a script's stderr if it wrote any. */
export function printReport(report: ScenarioReport, heading: string, stderr = ''): void {
  console.log(`[${heading}]\n` + report.steps.map((s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`).join('\n'));
  if (stderr.trim()) console.log(stderr);
}

/**
 * Run a script that needs no live server (`command args...`, from the repo root; `input` on its
 * stdin): its report, the last line of its output, printed even when it exits 1.
 */
export async function runReport(command: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ScenarioReport> {
  const child = run(command, args, { cwd: ROOT, timeout: options.timeoutMs ?? 50_000, maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env });
  child.child.stdin?.end(options.input ?? '');
  const { stdout } = await child.catch((e: { stdout?: string; stderr?: string; message: string }) => {
    if (e.stdout?.trim().startsWith('{')) return { stdout: e.stdout };
    throw new Error(`${args.at(-1)} failed without a report: ${e.message}\n${e.stderr ?? ''}`);
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ScenarioReport;
}

/** This repo's tsc run in `dir` on tsconfig.<name>.json, written there from `config`: what it printed ('' when clean). */
export async function runTsc(dir: string, name: string, config: object): Promise<string> {
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(config));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: dir }).then(
    (r) => r.stdout,
    (e: { stdout?: string; message: string }) => e.stdout || e.message,
  );
}
