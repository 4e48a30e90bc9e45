// Bun's native presign (`S3Client#presign`, implemented inside the runtime) against s3wire, both
// under Bun. sign.ts runs this once per round and puts the numbers in its table; alone:
//   node_modules/.bin/bun sign-bun.ts [--ms=60] [--warmup=300] [--candidate=path/to/sigv4/index.ts]
// Prints one machine-readable line per library:
//   BENCH {"name":"bun-native","nsPerOp":123.4,"sample":"https://...","runtime":"bun 1.4.5"}

// What `import 's3wire/sigv4'` gives under Bun (its bun export condition: Bun's own hashes).
import { createSigner } from '../src/sigv4/index.bun.ts';
import {
  calibrate,
  checkPresignedUrl,
  compileBatch,
  CREDENTIALS,
  EXPIRES,
  HOST,
  KEY,
  median,
  PATH,
  REGION,
  timeBatch,
  URL_BASE,
  BUCKET,
  type Op,
} from './shared.ts';

interface BunS3Client {
  presign(path: string, options: { expiresIn: number; method: string }): string;
}
declare const Bun: { version: string; S3Client: new (options: Record<string, unknown>) => BunS3Client };

const argText = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const arg = (name: string, fallback: number): number => Number(argText(name) ?? fallback);
const batchMs = arg('ms', 60);
const warmupMs = arg('warmup', 300);
const subRounds = arg('rounds', 3);

// Virtual-hosted style on the global endpoint: the same host and path as every other library.
const bun = new Bun.S3Client({
  ...CREDENTIALS,
  region: REGION,
  bucket: BUCKET,
  endpoint: 'https://' + HOST,
  virtualHostedStyle: true,
});
const s3wirePresign = (create: typeof createSigner): Op => {
  const signer = create({ credentials: CREDENTIALS, region: REGION, service: 's3' });
  return () => URL_BASE + '?' + signer.presign({ method: 'GET', host: HOST, path: PATH }, { date: new Date(), expiresIn: EXPIRES }).queryString;
};

const ops: Record<string, Op> = {
  'bun-native': () => bun.presign(KEY, { expiresIn: EXPIRES, method: 'GET' }),
  's3wire-bun': s3wirePresign(createSigner),
};
const candidate = argText('candidate');
if (candidate) ops['candidate-bun'] = s3wirePresign(((await import(candidate)) as { createSigner: typeof createSigner }).createSigner);

const plans = [];
for (const [name, op] of Object.entries(ops)) {
  const sample = op() as string;
  checkPresignedUrl(sample);
  const batch = compileBatch(op, false);
  plans.push({ name, sample, batch, n: await calibrate(batch, warmupMs, batchMs), ns: [] as number[] });
}
for (let r = 0; r < subRounds; r++) {
  for (const p of r % 2 ? [...plans].reverse() : plans) p.ns.push((await timeBatch(p.batch, p.n)).nsPerOp);
}
for (const p of plans) {
  console.log('BENCH ' + JSON.stringify({ name: p.name, nsPerOp: median(p.ns), sample: p.sample, runtime: `bun ${Bun.version}` }));
}
