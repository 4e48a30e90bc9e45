#!/usr/bin/env node
// Builds what the package ships, into dist/ (not committed):
//
//   node scripts/build.mjs       (npm run build; npm ci runs it as `prepare`, the tests' global setup too)
//
// - JavaScript: esbuild bundles each target of package.json's `exports` into one file of its own
//   (src/index.ts -> dist/index.js, src/sigv4/index.web.ts -> dist/sigv4/index.web.js...), ES2022
//   modules, not minified, names kept. Node's built-ins, undici and fast-xml-parser stay imports
//   (undici is still loaded on the first request). Why one file each: Node reads, compiles and
//   links a module per file. A fresh node imported the node entry and made a client in 34 ms over
//   bare node with a file per module (some 60), 15 ms with the entries bundled but sharing 14
//   chunks (10 files for the node entry), 11 ms as one file (bench/cold-start.ts, 2026-12-04, 20
//   rounds each; an app's own esbuild bundle: 9 ms; issue 6's bar: 16). The cost is size: the
//   runtimes' entries repeat what they share, 242 KiB packed and 931 KiB unpacked against 115 and
//   380 for a file per module. No class crosses between two entries (the signer in src/sigv4
//   imports nothing of the rest, and the client's entries are one per runtime), so two copies of
//   one never meet.
// - Declarations: tsc (tsconfig.build.json, declarations only), one .d.ts per source module, the
//   folders as in src; what src marks `@internal` is left out (stripInternal), which also keeps
//   node:tls's Buffer (tls-options.ts) out, so a browser app's tsc needs no Node types. Their relative `./x.ts` imports are rewritten to `./x.js`, the form tools
//   read whether or not they know `.ts` in an import path. (TypeScript 5.9 and `deno check` read
//   either; TypeScript 4.9 refuses `.ts`, TS2691, though it stops at the declarations'
//   `export type *` too, so they need TypeScript 5.)
// - Incremental: tsc keeps dist/.tsbuildinfo, and a file is written only when its bytes change; a
//   build with nothing changed takes about a second. Files of dist/ this build did not make (a
//   declaration whose source is gone, say) are deleted, so nothing stale ships.
// - The ambient shims in src (src/http/undici-agent.d.ts, src/xml/fast-xml-parser.d.ts) type two
//   deep imports for our own compile; no declaration in dist refers to them, which this checks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`build: tsc failed (${r.status ?? r.signal})`);
  process.exit(1);
}

/** Every file under dir, as paths relative to it with `/` separators. */
function files(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [relative(base, p).split(sep).join('/')];
  });
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const targets = [...new Set(Object.values(pkg.exports).flatMap((c) => Object.values(c)))].filter((t) => t.endsWith('.js'));
const entryPoints = targets.map((t) => join(ROOT, t.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')));
const out = await build({
  entryPoints,
  outbase: SRC,
  outdir: DIST,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['node:*', 'undici', 'undici/*', 'fast-xml-parser', 'fast-xml-parser/*'],
  keepNames: true,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});

const made = new Set();
for (const f of out.outputFiles) {
  const rel = relative(DIST, f.path).split(sep).join('/');
  made.add(rel);
  const old = existsSync(f.path) ? readFileSync(f.path) : undefined;
  if (old && Buffer.compare(old, f.contents) === 0) continue;
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.contents);
}

const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g;
const AMBIENT = /['"](?:undici\/lib\/|fast-xml-parser\/src\/)/;
let removed = 0;
for (const f of files(DIST)) {
  if (f === '.tsbuildinfo' || made.has(f)) continue;
  if (!f.endsWith('.d.ts') || !existsSync(join(SRC, f.replace(/\.d\.ts$/, '.ts')))) {
    rmSync(join(DIST, f));
    removed++;
    continue;
  }
  const text = readFileSync(join(DIST, f), 'utf8');
  if (AMBIENT.test(text)) {
    console.error(`build: dist/${f} refers to a module only src's ambient shims declare`);
    process.exit(1);
  }
  const rewritten = text.replace(RELATIVE_TS, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(join(DIST, f), rewritten);
}
const shipped = files(DIST).filter((f) => f !== '.tsbuildinfo');
const js = shipped.filter((f) => f.endsWith('.js'));
console.log(`build: dist/ holds ${js.length} JavaScript files (one per entry) and ${shipped.length - js.length} declarations${removed ? `; ${removed} stale files removed` : ''}`);
