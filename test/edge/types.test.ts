// What TypeScript sees of `import 's3wire'`: package.json's `bun` and `deno` conditions come before
// `types`, so a project type-checked with `customConditions: ["bun"]` (or ["deno"]) gets that
// runtime's entry, its transport among the exports; without them, the Node entry. Each case is a
// small project in a temp folder, this repo linked into its node_modules (so dist/'s declarations,
// built by the global setup), checked by this repo's tsc.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runTsc } from './runtimes.ts';

const dir = mkdtempSync(join(tmpdir(), 's3wire-types-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 's3wire'), 'dir');
writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tsc's errors about the consumer's own file (test/package/ checks that the declarations have none of their own). */
async function typeErrors(name: string, code: string, conditions: string[]): Promise<string[]> {
  writeFileSync(join(dir, `${name}.ts`), code);
  const config = {
    compilerOptions: {
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2022',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      ...(conditions.length ? { customConditions: conditions } : {}),
    },
    files: [`${name}.ts`],
  };
  const out = await runTsc(dir, name, config);
  return out.split('\n').filter((l) => l.startsWith(`${name}.ts(`));
}

describe("the types of import 's3wire'", () => {
  it('without conditions: the Node entry (undiciTransport, netTransport; no bunTransport)', { timeout: 60_000 }, async () => {
    expect(await typeErrors('node', "import { S3Client, undiciTransport, netTransport } from 's3wire';\nnew S3Client({ transport: undiciTransport() });\nnetTransport();\n", [])).toEqual([]);
    const wrong = await typeErrors('node_bun', "import { bunTransport } from 's3wire';\nbunTransport();\n", []);
    expect(wrong.join('\n')).toMatch(/no exported member named 'bunTransport'/);
  });

  it('customConditions ["bun"]: the bun entry (bunTransport)', { timeout: 60_000 }, async () => {
    expect(await typeErrors('bun', "import { S3Client, bunTransport } from 's3wire';\nnew S3Client({ transport: bunTransport({ keepAlive: 5 }) });\n", ['bun'])).toEqual([]);
  });

  it('customConditions ["deno"]: the deno entry (denoTransport, and the Node transports)', { timeout: 60_000 }, async () => {
    const code = "import { S3Client, denoTransport, undiciTransport } from 's3wire';\nnew S3Client({ transport: denoTransport({ connections: 8 }) });\nundiciTransport();\n";
    expect(await typeErrors('deno', code, ['deno'])).toEqual([]);
  });
});
