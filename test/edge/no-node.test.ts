// The web entries must bundle for a browser or workerd with nothing from Node: no `node:` module,
// no bare Node built-in, no undici, no Buffer. esbuild is the bundler; every such import is
// recorded with the file that made it, so a failure names the chain to cut.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './runtimes.ts';

const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'undici']);

interface Forbidden {
  readonly path: string;
  readonly importer: string;
}

/** Marks Node-only imports external (so the build still finishes) and records who made them. */
function recordNodeImports(found: Forbidden[]): Plugin {
  return {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0]!;
        const name = args.path.startsWith('node:') || builtinModules.includes(args.path) ? args.path : bare;
        if (!NODE_ONLY.has(name) && !NODE_ONLY.has(args.path)) return undefined;
        found.push({ path: args.path, importer: args.importer.replace(ROOT, '') });
        return { path: args.path, external: true };
      });
    },
  };
}

const PLATFORMS: Record<string, BuildOptions> = {
  browser: { platform: 'browser' },
  // What wrangler does for a Worker: neutral platform, workerd/worker conditions.
  workerd: { platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker'] },
};

/** The web entries, plus whatever package.json sends non-Node runtimes to. */
function webEntries(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, Record<string, string>>;
  };
  const entries = new Set(['src/index.web.ts', 'src/sigv4/index.web.ts', 'src/sigv4/aws-chunked.ts', 'src/sigv4/post-policy.ts', 'src/sigv4/constants.ts', 'src/web/index.workerd.ts']);
  for (const conditions of Object.values(pkg.exports)) {
    for (const [condition, target] of Object.entries(conditions)) {
      // node, bun and deno are the runtimes with Node built-ins; every other condition must do without.
      if (condition !== 'node' && condition !== 'bun' && condition !== 'deno' && condition !== 'types') entries.add(target.replace(/^\.\//, ''));
    }
  }
  return [...entries].sort();
}

describe.each(Object.keys(PLATFORMS))('web entries bundled for %s', (platform) => {
  it.each(webEntries())('%s: no node: module, Node built-in or undici in the graph', async (entry) => {
    const found: Forbidden[] = [];
    const r = await build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      write: false,
      minify: true,
      metafile: true,
      logLevel: 'silent',
      plugins: [recordNodeImports(found)],
      ...PLATFORMS[platform],
    });
    expect(found, 'Node-only imports (path, importer)').toEqual([]);
    const metafile = r.metafile!;
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((p) => /(^|\/)node_modules\/undici\//.test(p) || p.startsWith('node:'))).toEqual([]);
    const externals = Object.values(metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
    expect(externals).toEqual([]);
    const code = r.outputFiles![0]!.text;
    // Node globals that browsers and workerd lack: Buffer, require, a bare `process` (config.ts
    // reads globalThis.process, guarded, which is fine).
    expect(code.match(/\bBuffer\s*[.(]|(?<![.\w$])require\s*\(|(?<![.\w$])process\s*\./g) ?? []).toEqual([]);
    expect(inputs).toContain(entry);
  });
});

it('the check catches a Node import (the Node entry fails it)', async () => {
  const found: Forbidden[] = [];
  await build({ absWorkingDir: ROOT, entryPoints: ['src/index.ts'], bundle: true, write: false, logLevel: 'silent', platform: 'browser', plugins: [recordNodeImports(found)] });
  expect(found.map((f) => f.path)).toContain('node:crypto');
});
