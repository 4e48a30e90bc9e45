// Bundle sizes of the web entries as an app's bundler ships them: esbuild, minified, gzip -9,
// checked against size-budget.json (by test/edge/size.test.ts, or here by hand):
//
//   npx tsx scripts/size.ts          sizes vs budget, and the biggest inputs of each bundle
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface SizeTarget {
  readonly name: string;
  readonly entry: string;
  readonly what: string;
}

export const TARGETS: readonly SizeTarget[] = [
  { name: 'sigv4', entry: 'src/sigv4/index.web.ts', what: 'everything s3wire/sigv4 exports (web entry)' },
  { name: 'sigv4/aws-chunked', entry: 'src/sigv4/aws-chunked.ts', what: 'everything s3wire/sigv4/aws-chunked exports' },
  { name: 'sigv4/post-policy', entry: 'src/sigv4/post-policy.ts', what: 'everything s3wire/sigv4/post-policy exports' },
  { name: 'sigv4/constants', entry: 'src/sigv4/constants.ts', what: 'everything s3wire/sigv4/constants exports' },
  { name: 'client', entry: 'scripts/size-client.ts', what: 'S3Core + operation functions (web entry) doing put/get/list/presign/multipart, XML parser included' },
  { name: 'client-full', entry: 'scripts/size-client-full.ts', what: 'S3Client (web entry: every operation, transfers, checksums) doing the same and a managed upload' },
];

export interface InputShare {
  readonly path: string;
  /** Minified bytes this input left in the bundle. */
  readonly bytes: number;
}

export interface Measured {
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  /** Largest first. */
  readonly inputs: InputShare[];
}

/** One bundle, as an app bundler for the browser or workerd would build it. */
export async function bundle(entry: string): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: r.outputFiles[0]!.contents, metafile: r.metafile };
}

export async function measure(target: SizeTarget): Promise<Measured> {
  const { code, metafile } = await bundle(target.entry);
  const output = Object.values(metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, i]) => ({ path, bytes: i.bytesInOutput }))
    .filter((i) => i.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { name: target.name, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs };
}

export interface Budget {
  /** Most bytes allowed, minified and gzipped at level 9. */
  readonly gzip: number;
  /** Where we want to be (the issue's goal); printed, not enforced. */
  readonly goal?: number;
  readonly why: string;
}

export function readBudgets(): Record<string, Budget> {
  const raw = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const out: Record<string, Budget> = {};
  for (const t of TARGETS) {
    const b = raw[t.name] as Budget | undefined;
    if (!b || !Number.isInteger(b.gzip)) throw new Error(`size-budget.json: no "${t.name}": { "gzip": <bytes> }`);
    out[t.name] = b;
  }
  return out;
}

/** Sizes by package or folder: `fast-xml-parser`, `src/sigv4`, ... */
export function byGroup(inputs: readonly InputShare[]): InputShare[] {
  const groups = new Map<string, number>();
  for (const i of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i.path);
    const group = m ? m[1]! : i.path.split('/').slice(0, -1).join('/') || i.path;
    groups.set(group, (groups.get(group) ?? 0) + i.bytes);
  }
  return [...groups].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export function formatReport(m: Measured, budget: Budget, top = 12): string {
  const verdict = m.gzip <= budget.gzip ? 'within budget' : `OVER by ${m.gzip - budget.gzip} B`;
  const goal = budget.goal === undefined ? '' : `; goal ${budget.goal} B: ${m.gzip <= budget.goal ? 'met' : `not met, ${m.gzip - budget.goal} B to cut`}`;
  const lines = [`${m.name}: ${m.gzip} B gzip -9 (${m.minified} B minified), budget ${budget.gzip} B: ${verdict}${goal}`];
  lines.push('  by package/folder (minified bytes): ' + byGroup(m.inputs).map((g) => `${g.path} ${g.bytes}`).join(', '));
  for (const i of m.inputs.slice(0, top)) lines.push(`  ${String(i.bytes).padStart(6)}  ${i.path}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const budgets = readBudgets();
  let over = false;
  for (const t of TARGETS) {
    const m = await measure(t);
    over ||= m.gzip > budgets[t.name]!.gzip;
    console.log(formatReport(m, budgets[t.name]!, 20) + '\n');
  }
  process.exitCode = over ? 1 : 0;
}
