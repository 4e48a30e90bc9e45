// Scratch A/B in one warm process: a 256 MiB multipart upload from the client benchmark's source
// stream (clients/data.ts), parts of 8 MiB, 4 at once, against one local MinIO (data on a tmpfs).
// Variants: s3wire's upload() (signed parts, signPayload: false, and on netTransport()); the benchmark's floor loop
// (clients/large-clients.ts: bare undici on presigned part URLs, the multipart upload made before
// the timer); the same loop with the upload made inside the timer; the loop sending each part with
// s3wire's uploadPart() (unsigned) instead of bare undici; and the loop with the part buffers
// reused as upload() does. It tells upload()'s orchestration from its requests.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-upload.ts [--rounds=7] [--mib=256] [--only=0,2]
import { Agent } from 'undici';
import { netTransport, S3Client } from '../src/index.ts';
import { createSigner } from '../src/sigv4/index.ts';
import { generate } from './clients/data.ts';
import { parts } from './clients/large-clients.ts';
import { startBenchServer } from './clients/server.ts';
import { median } from './shared.ts';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const ROUNDS = arg('rounds', 7);
const MIB = arg('mib', 256);
const SIZE = MIB * 1024 * 1024;
const PART = 8 * 1024 * 1024;
const CONC = 4;
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1]?.split(',');

/** Each variant uploads to `key`; setup (untimed) runs first and hands the timed step its state. */
type Variant = { name: string; setup?: (key: string) => Promise<unknown>; run: (key: string, state: unknown) => Promise<void> };

/** The floor's loop: `send(i, part)` for each part, CONC at once, then `finish(etags)`. */
async function loop(body: AsyncIterable<Uint8Array>, send: (i: number, part: Uint8Array) => Promise<string>, finish: (etags: string[]) => Promise<void>): Promise<void> {
  const etags: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failed: unknown;
  let n = 0;
  for await (const part of body) {
    const i = n++;
    const p = send(i, part)
      .then((e) => void (etags[i] = e))
      .catch((e) => void (failed ??= e))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= CONC) await Promise.race(inFlight);
    if (failed) throw failed;
  }
  await Promise.all(inFlight);
  if (failed) throw failed;
  await finish(etags);
}

const server = await startBenchServer('minio');
try {
  const bucket = 'ab-upload';
  const creds = { endpoint: server.endpoint, region: server.region, credentials: server };
  const s3 = new S3Client(creds);
  await s3.createBucket({ bucket });
  const unsigned = new S3Client({ ...creds, signPayload: false });
  const viaNet = new S3Client({ ...creds, transport: netTransport() });
  const origin = new URL(server.endpoint).origin;
  const host = new URL(server.endpoint).host;
  const signer = createSigner({ credentials: server, region: server.region, service: 's3' });
  const presign = (method: string, key: string, query?: Record<string, string>) => {
    const path = `/${bucket}/${key}`;
    return path + '?' + signer.presign({ method, host, path, ...(query ? { query } : {}) }, { date: new Date(), expiresIn: 3600 }).queryString;
  };
  const agent = new Agent({ connections: 64, keepAliveTimeout: 20_000 });
  const create = async (key: string) => {
    const r = await agent.request({ origin, path: presign('POST', key, { uploads: '' }), method: 'POST' });
    const text = await r.body.text();
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
    if (!id) throw new Error(`create: ${r.statusCode} ${text.slice(0, 200)}`);
    return id;
  };
  const bareSend = (key: string, id: string) => async (i: number, part: Uint8Array) => {
    const r = await agent.request({ origin, path: presign('PUT', key, { partNumber: String(i + 1), uploadId: id }), method: 'PUT', body: part });
    await r.body.dump();
    if (r.statusCode !== 200) throw new Error(`part ${i + 1}: ${r.statusCode}`);
    return String(r.headers.etag);
  };
  const bareComplete = (key: string, id: string) => async (etags: string[]) => {
    const xml = '<CompleteMultipartUpload>' + etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('') + '</CompleteMultipartUpload>';
    const r = await agent.request({ origin, path: presign('POST', key, { uploadId: id }), method: 'POST', body: xml });
    const text = await r.body.text();
    if (r.statusCode !== 200 || text.includes('<Error>')) throw new Error(`complete: ${r.statusCode} ${text.slice(0, 200)}`);
  };
  const free: Uint8Array[] = [];
  let variants: Variant[] = [
    { name: 'upload() signed', run: async (key) => void (await s3.upload({ bucket, key, body: generate(SIZE), partSize: PART, concurrency: CONC })) },
    { name: 'upload() unsigned', run: async (key) => void (await unsigned.upload({ bucket, key, body: generate(SIZE), partSize: PART, concurrency: CONC })) },
    { name: 'upload() netTransport()', run: async (key) => void (await viaNet.upload({ bucket, key, body: generate(SIZE), partSize: PART, concurrency: CONC })) },
    { name: 'floor (created before)', setup: create, run: (key, id) => loop(parts(generate(SIZE), PART), bareSend(key, id as string), bareComplete(key, id as string)) },
    {
      name: 'floor, create timed',
      run: async (key) => {
        const id = await create(key);
        await loop(parts(generate(SIZE), PART), bareSend(key, id), bareComplete(key, id));
      },
    },
    {
      name: 'floor, buffers reused',
      setup: create,
      run: (key, id) =>
        loop(
          parts(generate(SIZE), PART, free),
          async (i, part) => {
            const e = await bareSend(key, id as string)(i, part);
            free.push(part);
            return e;
          },
          bareComplete(key, id as string),
        ),
    },
    {
      name: 'loop, s3wire uploadPart',
      run: async (key) => {
        const { uploadId } = await unsigned.createMultipartUpload({ bucket, key });
        await loop(
          parts(generate(SIZE), PART),
          async (i, body) => (await unsigned.uploadPart({ bucket, key, uploadId, partNumber: i + 1, body })).eTag,
          async (etags) => void (await unsigned.completeMultipartUpload({ bucket, key, uploadId, parts: etags.map((eTag, i) => ({ partNumber: i + 1, eTag })) })),
        );
      },
    },
  ];
  if (only) variants = only.map((i) => variants[Number(i)]!);
  const mibs = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpuMs = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = -1; r < ROUNDS; r++) {
    const order = variants.map((_, i) => variants[(i + Math.max(r, 0)) % variants.length]!);
    for (const v of order) {
      const key = `up-${variants.indexOf(v)}`;
      const state = await v.setup?.(key);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await v.run(key, state);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (r < 0) {
        // The warm-up round checks every variant wrote the whole stream.
        const head = await s3.headObject({ bucket, key });
        if (head.contentLength !== SIZE) throw new Error(`${v.name}: ${head.contentLength} bytes written`);
        continue;
      }
      cpuMs.get(v.name)!.push((c.user + c.system) / 1000);
      mibs.get(v.name)!.push(MIB / (ms / 1000));
    }
  }
  const first = mibs.get(variants[0]!.name)!;
  console.log(`upload of ${MIB} MiB to MinIO, parts of 8 MiB x ${CONC}, ${ROUNDS} interleaved rounds after a checked warm-up: MiB/s median (min..max), median of per-round ratios to "${variants[0]!.name}", client CPU ms per upload (median)`);
  for (const [name, xs] of mibs) {
    const ratio = median(xs.map((x, i) => x / first[i]!));
    console.log(`${name.padEnd(26)} ${median(xs).toFixed(0).padStart(6)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)})  x${ratio.toFixed(2)}  cpu ${median(cpuMs.get(name)!).toFixed(0)}`);
  }
  await agent.close();
  await unsigned.close();
  await viaNet.close();
  await s3.close();
} finally {
  await server.stop();
}
