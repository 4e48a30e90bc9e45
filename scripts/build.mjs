#!/usr/bin/env node
// Builds what the package ships: src/**/*.ts compiled by tsc (tsconfig.build.json) to
// dist/**/*.js and their declarations, dist/**/*.d.ts, one file per module, the folders as in src.
//
//   node scripts/build.mjs       (npm run build; npm ci runs it as `prepare`, the tests' global setup too)
//
// - tsc rewrites the sources' relative `./x.ts` imports to `./x.js` in the JavaScript
//   (rewriteRelativeImportExtensions) but leaves them as `.ts` in the declarations; those are
//   rewritten here to `.js` as well, the form tools read whether or not they know `.ts` in an
//   import path. (TypeScript 5.9 and `deno check` read either; TypeScript 4.9 refuses `.ts`,
//   TS2691, though it stops at the declarations' `export type *` too, so they need TypeScript 5.)
// - The build is incremental (dist/.tsbuildinfo): a build with nothing changed takes about a
//   second. Files of dist/ whose source is gone are deleted, so nothing stale ships.
// - The ambient shims in src (src/http/undici-agent.d.ts, src/xml/fast-xml-parser.d.ts) type two
//   deep imports for our own compile; no declaration in dist refers to them, which this checks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [relative(base, p).split(sep).join('/')];
  });
}

// `from './x.ts'`, `import('./x.ts')` and `declare module` aside, the only specifiers in a declaration.
const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g;
const AMBIENT = /['"](?:undici\/lib\/|fast-xml-parser\/src\/)/;
let removed = 0;
for (const f of files(DIST)) {
  if (f === '.tsbuildinfo') continue;
  const stem = f.replace(/\.d\.ts$|\.js$/, '');
  if (stem === f || !existsSync(join(SRC, `${stem}.ts`))) {
    rmSync(join(DIST, f));
    removed++;
    continue;
  }
  if (!f.endsWith('.d.ts')) continue;
  const text = readFileSync(join(DIST, f), 'utf8');
  if (AMBIENT.test(text)) {
    console.error(`build: dist/${f} refers to a module only src's ambient shims declare`);
    process.exit(1);
  }
  const rewritten = text.replace(RELATIVE_TS, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(join(DIST, f), rewritten);
}
const shipped = files(DIST).filter((f) => f !== '.tsbuildinfo');
console.log(`build: dist/ holds ${shipped.length} files${removed ? `; ${removed} without a source removed` : ''}`);
