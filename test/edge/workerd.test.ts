// The client as package.json gives it to a Worker, run in workerd itself (miniflare 3 drives the
// real workerd binary) against every live server: test/edge/worker.ts, bundled with esbuild as
// wrangler would, runs the scenario and answers with its report, asserted here step by step.
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServers } from '../servers/servers.ts';
import { ROOT } from './runtimes.ts';
import type { ScenarioReport, ScenarioSize } from './scenario.ts';

/** The slice of miniflare's API used here (miniflare is a devDependency that may be absent locally). */
interface Miniflare {
  dispatchFetch(url: string, init: { method: string; body: string }): Promise<{ status: number; text(): Promise<string> }>;
  dispose(): Promise<void>;
}
type MiniflareClass = new (options: { modules: boolean; script: string; compatibilityDate: string }) => Miniflare;

const MINIFLARE = 'miniflare';
const Miniflare = await import(MINIFLARE).then(
  (m: { Miniflare: MiniflareClass }) => m.Miniflare,
  () => undefined,
);
if (!Miniflare && process.env.CI) throw new Error('miniflare not found: install the `miniflare` devDependency (npm ci)');

// The date of the workerd that miniflare 3.20250718 ships; a later one is refused.
const COMPATIBILITY_DATE = '2025-07-18';
// workerd runs the full scenario too (10 MiB multipart, streams): it catches what `small` does not.
const SIZE: ScenarioSize = 'full';

const servers = liveServers();

describe.skipIf(!Miniflare || servers.length === 0)('workerd, s3wire as a Worker imports it', () => {
  let mf: Miniflare;

  beforeAll(async () => {
    const out = await build({
      absWorkingDir: ROOT,
      entryPoints: ['test/edge/worker.ts'],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker'],
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    mf = new Miniflare!({ modules: true, script: out.outputFiles[0]!.text, compatibilityDate: COMPATIBILITY_DATE });
  });

  afterAll(async () => {
    await mf?.dispose();
  });

  it.each(servers)('runs the client end to end on $name', { timeout: 180_000 }, async (server) => {
    const res = await mf.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify({ server, size: SIZE }) });
    const text = await res.text();
    expect(res.status, text.slice(0, 2000)).toBe(200);
    const report = JSON.parse(text) as ScenarioReport;
    console.log(`[${report.runtime} on ${server.name}]\n` + report.steps.map((s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`).join('\n'));
    expect(report.runtime).toMatch(/^workerd /);
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    expect(report.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['putObject string', 'getObject text', 'listObjectsV2 in pages', 'presignGetObject, fetched with fetch', 'deleteBucket']));
    expect(report.ok).toBe(true);
  });
});
