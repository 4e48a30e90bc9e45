// s3wire as an application gets it: `npm pack` of this repo (the tarball `npm publish` would
// upload; dist/ is built by the global setup, test/build-setup.ts), installed by npm into a new
// project in a temp folder, then used from there: test/package/consumer.mjs, plain JavaScript, run
// against every live server by Node with no loader, by Bun and by Deno; required from CommonJS;
// and applications' TypeScript checked against the installed declarations (skipLibCheck off).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBun, findDeno, printReport, ROOT, runScenario, runTsc } from '../edge/runtimes.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';

const run = promisify(execFile);
const servers = liveServers();
const bun = findBun();
const deno = findDeno();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, Record<string, string>>;
};

const work = mkdtempSync(join(tmpdir(), 's3wire-package-'));
const app = join(work, 'app');
let packed: string[] = [];
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, timeout: 60_000 });
  const [tarball] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packed = tarball!.files.map((f) => f.path).sort();
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { s3wire: `file:../${tarball!.filename}` } }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: app, timeout: 170_000 });
  copyFileSync(join(ROOT, 'test', 'package', 'consumer.mjs'), join(app, 'consumer.mjs'));
}, 180_000);

/** The modules of src (every .ts but the ambient .d.ts shims), as paths without the extension. */
function sourceModules(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceModules(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [relative(join(ROOT, 'src'), p).replace(/\.ts$/, '')] : [];
  });
}

describe('the packed package', () => {
  const targets = () => [...new Set(Object.values(pkg.exports).flatMap((conditions) => Object.values(conditions).map((t) => t.replace(/^\.\//, ''))))];

  it("holds package.json, the README, a declaration per module of src and a bundle per export target; nothing else", () => {
    expect(packed.filter((p) => !p.startsWith('dist/'))).toEqual(['README.md', 'package.json']);
    expect(packed.filter((p) => p.endsWith('.d.ts'))).toEqual(sourceModules().map((m) => `dist/${m}.d.ts`).sort());
    expect(packed.filter((p) => p.endsWith('.js'))).toEqual(targets().filter((t) => t.endsWith('.js')).sort());
    expect(packed.filter((p) => !p.endsWith('.js') && !p.endsWith('.d.ts') && p.startsWith('dist/'))).toEqual([]);
  });

  it('has a file for every target of its exports; each bundle imports no file of its own, only Node built-ins and its two dependencies', () => {
    expect(targets().filter((t) => !packed.includes(t))).toEqual([]);
    expect(targets().length).toBeGreaterThan(10);
    for (const t of targets().filter((x) => x.endsWith('.js'))) {
      const code = readFileSync(join(app, 'node_modules', 's3wire', t), 'utf8');
      const specifiers = [...code.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
      expect(specifiers.filter((s) => !/^(node:|undici(\/|$)|fast-xml-parser(\/|$))/.test(s)), t).toEqual([]);
    }
  });

  it('installs with its two dependencies, at our pins, and only what they need', () => {
    const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort();
    expect(installed).toEqual(['fast-xml-parser', 's3wire', 'strnum', 'undici']);
    const version = (name: string) => (JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version('s3wire')).toBe(pkg.version);
    expect(version('undici')).toBe(pkg.dependencies.undici);
    expect(version('fast-xml-parser')).toBe(pkg.dependencies['fast-xml-parser']);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['fast-xml-parser', 'undici']);
  });
});

/** Run consumer.mjs in the app against a server; its report, printed and asserted; the steps' details by name. */
async function runConsumer(command: string, args: string[], server: LiveServer, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const { report, stderr } = await runScenario(command, [...args, 'consumer.mjs'], server, { cwd: app, env });
  printReport(report, `${report.runtime} on ${server.name}, s3wire from its tarball`, stderr);
  expect(report.steps.filter((s) => !s.ok)).toEqual([]);
  expect(report.steps).toHaveLength(11);
  expect(report.ok).toBe(true);
  return Object.fromEntries(report.steps.map((s) => [s.step, s.detail]));
}
const RESOLVES = "import 's3wire' resolves to this runtime's file of dist/";

describe.skipIf(servers.length === 0)('installed, used by an application', () => {
  it.each(servers)('Node, no loader: the node entry, end to end on $name', { timeout: 120_000 }, async (server) => {
    const steps = await runConsumer(process.execPath, [], server);
    expect(steps[RESOLVES]).toBe('dist/index.js: fetchTransport, netTransport, undiciTransport');
  });

  it.skipIf(!bun).each(servers)('Bun: the bun entry, end to end on $name', { timeout: 120_000 }, async (server) => {
    const steps = await runConsumer(bun!, ['run'], server);
    expect(steps[RESOLVES]).toBe('dist/index.bun.js: bunTransport, fetchTransport');
  });

  // Deno reads the app's package.json and node_modules as they are (no lock file, nothing fetched).
  it.skipIf(!deno).each(servers)('Deno: the deno entry, end to end on $name', { timeout: 120_000 }, async (server) => {
    const env = 'S3WIRE_EDGE_ENDPOINT,S3WIRE_EDGE_REGION,S3WIRE_EDGE_ACCESS_KEY,S3WIRE_EDGE_SECRET_KEY';
    const flags = ['run', '--no-lock', '--allow-net=127.0.0.1', `--allow-env=${env}`, '--allow-read=.', '--allow-write=.'];
    const steps = await runConsumer(deno!, flags, server, { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' });
    expect(steps[RESOLVES]).toBe('dist/index.deno.js: denoTransport, fetchTransport, netTransport, undiciTransport');
  });
});

describe('installed, required from CommonJS', () => {
  // Node's require() of an ES module (unflagged since 20.19 and 22.12): the package has no
  // top-level await, so a CommonJS application gets the same node entry.
  it.skipIf(!(process.features as { require_module?: boolean }).require_module)("require('s3wire') and require('s3wire/sigv4') give the node entry", async () => {
    writeFileSync(join(app, 'required.cjs'), "const s3wire = require('s3wire');\nconst sigv4 = require('s3wire/sigv4');\nconsole.log(JSON.stringify([require.resolve('s3wire').split('/node_modules/s3wire/')[1], typeof s3wire.S3Client, typeof s3wire.undiciTransport, typeof sigv4.createSigner, new s3wire.S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }).config.region]));\n");
    const { stdout } = await run(process.execPath, ['required.cjs'], { cwd: app, env: { PATH: process.env.PATH } });
    expect(JSON.parse(stdout)).toEqual(['dist/index.js', 'function', 'function', 'function', 'us-east-1']);
  });
});

// What a TypeScript application sees: the installed declarations, checked in full.
const APP_TS = `import { S3Client, isServiceError, type ClientOptions, type GetObjectResult } from 's3wire';
import { createSigner, type PresignedRequest } from 's3wire/sigv4';
import { chunkSigner } from 's3wire/sigv4/aws-chunked';
import { signPostPolicy } from 's3wire/sigv4/post-policy';
import { UNSIGNED_PAYLOAD } from 's3wire/sigv4/constants';

const options: ClientOptions = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const s3 = new S3Client(options);
export async function read(key: string): Promise<string> {
  try {
    const got: GetObjectResult = await s3.getObject({ bucket: 'b', key });
    return await got.body.text();
  } catch (e) {
    if (isServiceError(e, 'NoSuchKey')) return e.message;
    throw e;
  }
}
const signed: PresignedRequest = createSigner(options as never).presign({ method: 'GET', host: 'h', path: '/' }, { date: new Date(), expiresIn: 60 });
export const used = [signed.queryString, typeof chunkSigner, typeof signPostPolicy, UNSIGNED_PAYLOAD];
`;

describe('the installed declarations', () => {
  const NODE_APP = { lib: ['es2022'], types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] };
  it.each([
    ['nodenext', 'a Node application, moduleResolution nodenext, Node types and no DOM lib', { module: 'nodenext', moduleResolution: 'nodenext', ...NODE_APP }],
    ['bundler', 'a Node application, moduleResolution bundler, Node types and no DOM lib', { module: 'esnext', moduleResolution: 'bundler', ...NODE_APP }],
    ['browser', 'a browser application, moduleResolution bundler, the DOM lib and no Node types', { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'], types: [] }],
  ])('tsconfig.%s.json: %s, strict, skipLibCheck off: no error anywhere', { timeout: 60_000 }, async (name, _what, options) => {
    writeFileSync(join(app, 'app.ts'), APP_TS);
    const config = {
      compilerOptions: {
        ...options,
        target: 'es2022',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: ['app.ts'],
    };
    const out = await runTsc(app, name, config);
    expect(out.split('\n').filter((l) => l.trim() !== '')).toEqual([]);
  });

  it.skipIf(!deno)('type-check the same application with deno check, from node_modules', { timeout: 60_000 }, async () => {
    writeFileSync(join(app, 'app.ts'), APP_TS);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const r = await run(deno!, ['check', '--no-lock', 'app.ts'], { cwd: app, env }).then(
      (x) => ({ code: 0, out: x.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    expect(r.out).toMatch(/Check .*app\.ts/);
    expect(r).toEqual({ code: 0, out: expect.not.stringMatching(/error/i) });
  });
});
