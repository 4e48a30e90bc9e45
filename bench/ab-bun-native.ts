// A/B under Bun, against one local MinIO (data on a tmpfs), 4 KiB objects, concurrency 32, in one
// Bun process: Bun's native S3Client against s3wire's bun entry on HEAD, PUT, GET and DELETE;
// s3wire's PUT with its default signed payload and with signPayload: false (UNSIGNED-PAYLOAD, what
// Bun's client sends); the bun entry's transport alone on a HEAD signed once, and with what signing adds taken
// apart (the SHA-256 and HMAC alone, the same strings built and not hashed, a signature made and
// not sent, one made and sent); the transport alone on a GET signed once; and, with
// --old=<worktree>/src/index.bun.ts, another build beside this one.
// Variants interleave, the order rotating each round, after a warm-up round; prints each one's
// median ops/s and CPU per operation of the Bun process. --only=a,b keeps variants whose name
// holds a or b.
// Run (from the repo root): env -u NODE_EXTRA_CA_CERTS npx tsx bench/ab-bun-native.ts [--n=3000] [--rounds=5] [--only=head,stat] [--old=...]
import type { BunJob } from './ab-bun-run.ts';

interface BunS3 {
  stat(key: string): Promise<{ size: number }>;
  write(key: string, body: Uint8Array): Promise<number>;
  file(key: string): { bytes(): Promise<Uint8Array> };
  delete(key: string): Promise<void>;
}
declare const Bun: { S3Client: new (o: Record<string, unknown>) => BunS3 } | undefined;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

type Job = BunJob<{
  n: number;
  rounds: number;
  only?: string;
  /** Another build's bun entry (a worktree's src/index.bun.ts), timed beside this one. */
  old?: string;
}>;

async function child(j: Job): Promise<void> {
  const { S3Client, bunTransport } = await import('../src/index.bun.ts');
  const { createSigner } = await import('../src/sigv4/index.ts');
  const { bunCrypto } = await import('../src/sigv4/crypto-bun.ts');
  const u = new URL(j.endpoint);
  const sockets = bunTransport();
  const signer = createSigner({ credentials: j, region: j.region, service: 's3' });
  const headPath = `/${j.bucket}/${j.key}`;
  const signHead = () => signer.sign({ method: 'HEAD', path: headPath, headers: { host: u.host } }, { date: new Date(), payload: { kind: 'bytes', data: '' } }).headers;
  // Signed once, sent every time (the server takes a signature for 15 minutes): the transport alone.
  const preSigned: Record<string, string> = { host: u.host, ...signHead() };
  const getSigned: Record<string, string> = { host: u.host, ...signer.sign({ method: 'GET', path: headPath, headers: { host: u.host } }, { date: new Date(), payload: { kind: 'bytes', data: '' } }).headers };
  const sendHead = async (headers: Record<string, string>) => {
    const r = await sockets.send({ method: 'HEAD', origin: u.origin, path: headPath, headers });
    if (r.status !== 200) throw new Error(`HEAD: HTTP ${r.status}`);
    await r.body.discard();
  };
  let sink: unknown;
  const opts = { endpoint: j.endpoint, region: j.region, credentials: j };
  const s3 = new S3Client(opts);
  const s3u = new S3Client({ ...opts, signPayload: false });
  const old = j.old ? new (await import(j.old)).S3Client(opts) as InstanceType<typeof S3Client> : undefined;
  const bun = new Bun!.S3Client({ accessKeyId: j.accessKeyId, secretAccessKey: j.secretAccessKey, endpoint: j.endpoint, region: j.region, bucket: j.bucket });
  const body = new Uint8Array(4096).fill(7);
  const { bucket, key } = j;
  const all: Record<string, () => Promise<unknown>> = {
    'bun native stat': async () => {
      if ((await bun.stat(key)).size !== 4096) throw new Error('HEAD: wrong size');
    },
    's3wire headObject': async () => {
      if ((await s3.headObject({ bucket, key })).contentLength !== 4096) throw new Error('HEAD: wrong size');
    },
    'transport HEAD, signed once': () => sendHead(preSigned),
    'transport GET, signed once': async () => {
      const r = await sockets.send({ method: 'GET', origin: u.origin, path: headPath, headers: getSigned });
      if ((await r.body.bytes()).length !== 4096) throw new Error('GET: wrong size');
    },
    'transport HEAD, signed each time': () => sendHead({ host: u.host, ...signHead() }),
    'transport HEAD, signed once, + one SHA-256 and one HMAC': () => {
      const key = (signer as unknown as { keyFor(scope: string): Uint8Array }).keyFor(preSigned.authorization!.split('/').slice(1, 5).join('/'));
      const hash = bunCrypto.sha256Hex(`HEAD\n${headPath}\n\nhost:${u.host}\nx-amz-date:${Date.now()}\n\nhost;x-amz-date\n${'0'.repeat(64)}`);
      bunCrypto.hmacHex(key, `AWS4-HMAC-SHA256\n${Date.now()}\n${hash}`);
      return sendHead(preSigned);
    },
    // Work of well under 1 us in a loop, done before each send: what in-between work costs here.
    'transport HEAD, signed once, + the same strings, no hash': () => {
      sink = `HEAD\n${headPath}\n\nhost:${u.host}\nx-amz-date:${Date.now()}\n\nhost;x-amz-date\n${'0'.repeat(64)}`;
      sink = `AWS4-HMAC-SHA256\n${Date.now()}\n${sink}`;
      return sendHead(preSigned);
    },
    'transport HEAD, signed once, + a signature not sent': () => {
      signHead();
      return sendHead(preSigned);
    },
    ...(old
      ? {
          'old headObject': async () => {
            if ((await old.headObject({ bucket, key })).contentLength !== 4096) throw new Error('HEAD: wrong size');
          },
          'old putObject': () => old.putObject({ bucket, key: 'o-' + key, body }),
          'old getObject': async () => {
            if ((await (await old.getObject({ bucket, key })).body.bytes()).length !== 4096) throw new Error('GET: wrong size');
          },
        }
      : {}),
    'bun native write': () => bun.write('p-' + key, body),
    's3wire putObject': () => s3.putObject({ bucket, key: 's-' + key, body }),
    's3wire putObject, signPayload: false': () => s3u.putObject({ bucket, key: 'u-' + key, body }),
    // Against MinIO these delete a key that is not there (204 all the same); the canned server answers 204.
    'bun native delete': () => bun.delete('d-' + key),
    's3wire deleteObject': () => s3.deleteObject({ bucket, key: 'd-' + key }),
    'bun native bytes': async () => {
      if ((await bun.file(key).bytes()).length !== 4096) throw new Error('GET: wrong size');
    },
    's3wire getObject': async () => {
      if ((await (await s3.getObject({ bucket, key })).body.bytes()).length !== 4096) throw new Error('GET: wrong size');
    },
  };
  const { runInterleaved } = await import('./shared.ts');
  await runInterleaved(all, j);
  process.exit(0);
}

if (typeof Bun !== 'undefined') await child(JSON.parse(process.env.AB_JOB!) as Job);
else {
  const { runUnderBun } = await import('./ab-bun-run.ts');
  await runUnderBun(
    import.meta.url,
    'ab-bun-native',
    async () => ({ n: Number(arg('n') ?? 3000), rounds: Number(arg('rounds') ?? 5), ...(arg('only') ? { only: arg('only') } : {}), ...(arg('old') ? { old: arg('old') } : {}) }),
    (job) => `4 KiB objects under bun, concurrency 32, ${job.n} per run, median of ${job.rounds} rounds, minio on 127.0.0.1 (tmpfs)`,
  );
}
