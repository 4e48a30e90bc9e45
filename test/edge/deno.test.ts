// The client run in Deno against every live server: the deno entry (`import 's3wire'`: HTTP/1.1
// on Deno's connections, node:crypto and files on Deno's Node compatibility) through the whole web
// scenario (deno-client.ts), on http and https, and with the Node transports (undici,
// netTransport) on Deno's node:net; files and Node streams (package-client.ts); the deno entry's
// transport on its own (test/http/http1-transport.ts); and the permissions README asks for
// (deno-permissions.ts); and the signer's crypto on the SigV4 vectors (runtime-crypto.ts). Each
// script does the work and prints a report, asserted here step by step.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { liveServers, tlsServers, type LiveServer } from '../servers/servers.ts';
import { findDeno, printReport, runReport, runScenario } from './runtimes.ts';
import type { ScenarioReport } from './scenario.ts';

const run = promisify(execFile);
const deno = findDeno();
const servers = liveServers();
const https = tlsServers();
// In CI a missing Deno is a failure (it is a devDependency), locally a skip.
if (!deno && process.env.CI) throw new Error('deno not found: install the `deno` devDependency (npm ci) or set S3WIRE_DENO');

/** No update check (no network but 127.0.0.1), no prompt for a permission not given: it fails instead. */
const DENO_ENV = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' };
const version = deno ? (await run(deno, ['--version'])).stdout.split('\n')[0]!.split(' ')[1]! : '';

/** Run one scenario script under Deno (`deno run <flags> <script>`) against a server; its report, printed and asserted. */
async function runUnderDeno(script: string, flags: string[], server: LiveServer, mustInclude: string, env: Record<string, string> = {}): Promise<ScenarioReport> {
  const { report, stderr } = await runScenario(deno!, ['run', ...flags, script], server, { env: { ...DENO_ENV, ...env } });
  printReport(report, `${report.runtime} on ${server.name}`, stderr);
  expect(report.runtime).toBe(`deno ${version}`);
  expect(report.steps.filter((s) => !s.ok)).toEqual([]);
  expect(report.steps.map((s) => s.step)).toContain(mustInclude);
  expect(report.ok).toBe(true);
  return report;
}

const NET = ['--allow-net=127.0.0.1', '--allow-env'];
const LAST_SCENARIO_STEP = 'deleteBucket';

describe.skipIf(!deno || servers.length === 0)("Deno, the deno entry (HTTP/1.1 on Deno's connections)", () => {
  it.each(servers)('runs the client end to end on $name', { timeout: 180_000 }, async (server) => {
    const report = await runUnderDeno('test/edge/deno-client.ts', NET, server, LAST_SCENARIO_STEP);
    expect(report.steps.find((s) => s.step.startsWith("import 's3wire'"))?.detail).toMatch(/^denoTransport, .*this run: the default$/);
  });

  it.each(servers)('files and Node streams on $name', { timeout: 180_000 }, async (server) => {
    await runUnderDeno('test/edge/package-client.ts', [...NET, '--allow-read', '--allow-write'], server, 'downloadFile matches');
  });

  it.each(servers)('its transport keeps, drops, retries and streams as it should on $name and a raw peer', { timeout: 180_000 }, async (server) => {
    // -A: the script starts openssl and child runtimes, and listens for the raw peer.
    const report = await runUnderDeno('test/http/http1-transport.ts', ['-A'], server, 'peer: the same over https (the TLS socket is paused)');
    expect(report.steps.length).toBe(29);
  });

  it.each(servers)('needs nothing but --allow-net to the server on $name', { timeout: 60_000 }, async (server) => {
    const input = JSON.stringify({ endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...DENO_ENV };
    const report = await runReport(deno!, ['run', `--allow-net=${new URL(server.endpoint).host}`, 'test/edge/deno-permissions.ts'], { env, input });
    printReport(report, `${report.runtime} on ${server.name}`);
    expect(report.steps).toEqual([{ step: 'put, get, delete with --allow-net alone', ok: true, detail: '"with --allow-net alone"' }]);
  });
});

describe.skipIf(!deno || servers.length === 0)("Deno, the Node transports on Deno's Node compatibility", () => {
  const cases = servers.flatMap((server) => ['undici', 'net'].map((transport) => ({ server, transport, name: server.name })));
  it.each(cases)('$transport runs the client end to end on $name', { timeout: 180_000 }, async ({ server, transport }) => {
    const report = await runUnderDeno('test/edge/deno-client.ts', NET, server, LAST_SCENARIO_STEP, { S3WIRE_EDGE_TRANSPORT: transport });
    expect(report.steps.find((s) => s.step.startsWith("import 's3wire'"))?.detail).toContain(`this run: ${transport}`);
  });
});

describe.skipIf(!deno)("Deno, the deno entry's crypto (node:crypto as Deno has it)", () => {
  it('signs every SigV4 vector as published, and hashes as WebCrypto does', { timeout: 60_000 }, async () => {
    const report = await runReport(deno!, ['run', '--allow-read', '--allow-env', 'test/edge/runtime-crypto.ts'], { env: { ...process.env, ...DENO_ENV } });
    printReport(report, `${report.runtime}, no server`);
    expect(report.runtime).toBe(`deno ${version}`);
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    expect(report.steps.map((s) => s.detail)).toEqual(['112 vectors', 'header, header, header, header, query, aws-chunked, aws-chunked-trailer, post-policy', '600 inputs', '5 steps', 'createSigner().crypto is nodeCrypto']);
  });
});

describe.skipIf(!deno || https.length === 0)("Deno, https on Deno's TLS connections", () => {
  // The presigned-URL steps use Deno's fetch, which trusts what --cert gives it.
  const dir = mkdtempSync(join(tmpdir(), 's3wire-deno-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each(https)('runs the client end to end on $name, trusting its certificate by tls.ca', { timeout: 180_000 }, async (server) => {
    const ca = join(dir, `${server.name}.pem`);
    writeFileSync(ca, server.ca!);
    await runUnderDeno('test/edge/deno-client.ts', [...NET, `--cert=${ca}`], server, LAST_SCENARIO_STEP);
  });
});
