// Bundle sizes, as a browser or Worker app ships them (esbuild, minified, ESM, browser platform,
// gzip -9): the same small app (put, get, list, presign GET and PUT, multipart with abort) written
// against each client that has a web build, and the signers alone.
//
//   cd bench && npm run sizes
//
// minio has no web build and lean-s3 is Node-only (undici), so they are not bundled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { versions } from './clients/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');
const DIR = join(here, 'results', 'tmp', 'sizes');

const CONFIG = `{ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } }`;

interface Case {
  readonly name: string;
  readonly packages: string[];
  /** An entry file of the repo, or module source written under bench/. */
  readonly entry?: string;
  readonly source?: string;
}

const CASES: Case[] = [
  { name: 's3wire S3Core + operation functions', packages: ['s3wire'], entry: join(ROOT, 'scripts', 'size-client.ts') },
  { name: 's3wire S3Client', packages: ['s3wire'], entry: join(ROOT, 'scripts', 'size-client-full.ts') },
  {
    name: '@aws-sdk/client-s3 (+ s3-request-presigner)',
    packages: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
    source: `import { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
export async function app() {
  const s3 = new S3Client({ ...${CONFIG}, forcePathStyle: true });
  const Bucket = 'b';
  await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'v' }));
  const text = await (await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))).Body.transformToString();
  const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'p/' }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'k' }));
  const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: 'k' }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'm' }));
  try {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key: 'm', UploadId, PartNumber: 1, Body: new Uint8Array(5) }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'm', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));
  } catch (e) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'm', UploadId }));
    throw e;
  }
  return { text, page, url, put };
}`,
  },
  {
    name: 's3mini',
    packages: ['s3mini'],
    source: `import { S3mini } from 's3mini';
export async function app() {
  const s3 = new S3mini({ endpoint: 'http://127.0.0.1:9000/b', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' });
  await s3.putObject('k', 'v');
  const text = await s3.getObject('k');
  const page = await s3.listObjectsPaged('/', 'p/');
  const url = await s3.getPresignedUrl('GET', 'k');
  const put = await s3.getPresignedUrl('PUT', 'k');
  const uploadId = await s3.getMultipartUploadId('m');
  try {
    const part = await s3.uploadPart('m', uploadId, new Uint8Array(5), 1);
    await s3.completeMultipartUpload('m', uploadId, [part]);
  } catch (e) {
    await s3.abortMultipartUpload('m', uploadId);
    throw e;
  }
  return { text, page, url, put };
}`,
  },
  {
    name: 'aws4fetch (signs fetch calls; no XML, no multipart helpers)',
    packages: ['aws4fetch'],
    source: `import { AwsClient } from 'aws4fetch';
export async function app() {
  const s3 = new AwsClient({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x', service: 's3', region: 'us-east-1' });
  await s3.fetch('http://127.0.0.1:9000/b/k', { method: 'PUT', body: 'v' });
  const text = await (await s3.fetch('http://127.0.0.1:9000/b/k')).text();
  const page = await (await s3.fetch('http://127.0.0.1:9000/b?list-type=2&prefix=p/')).text();
  const url = (await s3.sign('http://127.0.0.1:9000/b/k?X-Amz-Expires=3600', { aws: { signQuery: true } })).url;
  return { text, page, url };
}`,
  },
  { name: 's3wire/sigv4 (signer alone)', packages: ['s3wire'], entry: join(ROOT, 'src', 'sigv4', 'index.web.ts') },
  {
    name: '@smithy/signature-v4 (signer alone)',
    packages: ['@smithy/signature-v4'],
    source: `export * from '@smithy/signature-v4';`,
  },
  { name: 'aws4fetch (signer alone)', packages: ['aws4fetch'], source: `export * from 'aws4fetch';` },
];

async function size(c: Case): Promise<{ minified: number; gzip: number }> {
  let entry = c.entry;
  if (!entry) {
    entry = join(DIR, c.name.replace(/[^a-z0-9]+/gi, '-') + '.mjs');
    writeFileSync(entry, c.source!);
  }
  const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const code = r.outputFiles[0]!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

mkdirSync(DIR, { recursive: true });
const rows: string[] = [];
const json: Record<string, { minified: number; gzip: number }> = {};
for (const c of CASES) {
  const s = await size(c);
  json[c.name] = s;
  rows.push(`| ${c.name} | ${s.gzip.toLocaleString('en-US')} | ${s.minified.toLocaleString('en-US')} |`);
}
const v = versions([...new Set(CASES.flatMap((c) => c.packages))]);
const text = [
  `# Bundle sizes, ${new Date().toISOString()}`,
  '',
  `\`npm run sizes\`: esbuild, ESM, browser platform, minified, gzip -9. Each client does put, get, list, presigned GET and PUT, and a multipart upload with abort (aws4fetch: what it can of that). Versions: ${Object.entries(v).map(([k, x]) => `${k} ${x}`).join(', ')}.`,
  '',
  '| bundle | gzip B | minified B |',
  '|---|---:|---:|',
  ...rows,
].join('\n');
console.log(text);
writeFileSync(join(here, 'results', 'sizes.md'), text + '\n');
writeFileSync(join(here, 'results', 'sizes.json'), JSON.stringify(json, null, 1) + '\n');
