// The client run in Bun against every live server: its web entry (fetch + WebCrypto + pure-JS MD5,
// test/edge/bun-client.ts), its bun entry (package-client.ts, which Deno runs too) and the bun entry's transport
// (test/http/http1-transport.ts); and the bun entry's crypto on the SigV4 vectors (runtime-crypto.ts, no server).
// Each script does the work and prints a report, asserted here step by step.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { findBun, printReport, runReport, runScenario } from './runtimes.ts';

const run = promisify(execFile);
const bun = findBun();
const servers = liveServers();
// In CI a missing Bun is a failure (it is a devDependency), locally a skip.
if (!bun && process.env.CI) throw new Error('bun not found: install the `bun` devDependency (npm ci) or set S3WIRE_BUN');

/** Run one scenario script under Bun against a server; its report, printed and asserted. */
async function runUnderBun(script: string, server: LiveServer, mustInclude: string): Promise<void> {
  const { stdout: version } = await run(bun!, ['--version']);
  const { report, stderr } = await runScenario(bun!, ['run', script], server);
  printReport(report, `bun ${version.trim()} on ${server.name}`, stderr);
  expect(report.runtime).toBe(`bun ${version.trim()}`);
  expect(report.steps.filter((s) => !s.ok)).toEqual([]);
  expect(report.steps.map((s) => s.step)).toContain(mustInclude);
  expect(report.ok).toBe(true);
}

describe.skipIf(!bun || servers.length === 0)('Bun, web entry', () => {
  it.each(servers)('runs the client end to end on $name', { timeout: 180_000 }, (server) =>
    runUnderBun('test/edge/bun-client.ts', server, 'upload(): ReadableStream of unknown length, several parts'),
  );
});

describe.skipIf(!bun || servers.length === 0)("Bun, package entry (bun condition: node:crypto, files, HTTP/1.1 on Bun's sockets)", () => {
  it.each(servers)('runs the client end to end on $name', { timeout: 180_000 }, (server) =>
    runUnderBun('test/edge/package-client.ts', server, 'downloadFile matches'),
  );
});

describe.skipIf(!bun || servers.length === 0)("Bun, the bun entry's transport (HTTP/1.1 on Bun's sockets)", () => {
  it.each(servers)('keeps, drops, retries and streams as it should on $name and a raw peer', { timeout: 180_000 }, (server) =>
    runUnderBun('test/http/http1-transport.ts', server, 'peer: a slow reader holds the server back (the socket is paused), then reads all'),
  );
});

describe.skipIf(!bun)("Bun, the bun entry's crypto (Bun.CryptoHasher)", () => {
  it('signs every SigV4 vector as published, and hashes as node:crypto does', { timeout: 60_000 }, async () => {
    const report = await runReport(bun!, ['run', 'test/edge/runtime-crypto.ts']);
    printReport(report, `${report.runtime}, no server`);
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    expect(report.steps.map((s) => s.detail)).toEqual(['112 vectors', 'header, header, header, header, query, aws-chunked, aws-chunked-trailer, post-policy', '600 inputs', '5 steps', 'createSigner().crypto is bunCrypto']);
  });
});
