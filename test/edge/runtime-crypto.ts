// Run under Bun by bun.test.ts and under Deno by deno.test.ts: the crypto the runtime's entry
// signs with through the signer on every SigV4 vector in test/vectors, and against another
// implementation in the same runtime on random inputs. Under Bun: the bun entry's crypto
// (crypto-bun.ts, Bun.CryptoHasher) against node:crypto as Bun has it. Under Deno: crypto-node.ts
// on Deno's node:crypto against Deno's WebCrypto (crypto-web.ts). Prints a report (scenario.ts's
// shape); exits 1 if a step failed.
import { createHmac } from 'node:crypto';
import { chunkSigner } from '../../src/sigv4/aws-chunked.ts';
import { bunCrypto } from '../../src/sigv4/crypto-bun.ts';
import { nodeCrypto } from '../../src/sigv4/crypto-node.ts';
import { webCrypto } from '../../src/sigv4/crypto-web.ts';
import type { AsyncCrypto, SyncCrypto } from '../../src/sigv4/crypto.ts';
import { signPostPolicy } from '../../src/sigv4/post-policy.ts';
import { Signer } from '../../src/sigv4/signer.ts';
import type { Credentials, SigningSettings } from '../../src/sigv4/index.ts';
import { runtimeName } from './edge-env.ts';
import type { ScenarioReport, StepReport } from './scenario.ts';
import { headerRecord, load, s3RequestOf, type Expected, type S3Case, type SuiteCase } from '../vectors/cases.ts';

const runtime = runtimeName();
const onBun = runtime.startsWith('bun ');
/** The crypto under test (what the runtime's entry signs with), and what it is checked against. */
const [testedName, tested]: [string, SyncCrypto] = onBun ? ['bunCrypto', bunCrypto] : ['nodeCrypto', nodeCrypto];
const [referenceName, reference]: [string, SyncCrypto | AsyncCrypto] = onBun ? ["node:crypto's", nodeCrypto] : ["WebCrypto's", webCrypto()];
const steps: StepReport[] = [];
function step(name: string, f: () => string | Promise<string>): Promise<void> {
  return Promise.resolve()
    .then(f)
    .then(
      (detail) => void steps.push({ step: name, ok: true, detail }),
      (e: Error) => void steps.push({ step: name, ok: false, detail: e.message }),
    );
}
const signerOf = (c: { credentials: Credentials; region: string; service: string; settings: SigningSettings }) =>
  new Signer({ credentials: c.credentials, region: c.region, service: c.service, settings: c.settings }, tested);
function same(c: { id: string; expected: Expected }, got: { canonicalRequest: string; stringToSign: string; signature: string }): void {
  for (const k of ['canonicalRequest', 'stringToSign', 'signature'] as const) if (got[k] !== c.expected[k]) throw new Error(`${c.id}: ${k} differs: ${JSON.stringify(got[k]).slice(0, 120)}`);
}

await step('every suite vector (aws-c-auth, botocore, smithy-rs) signs as published', () => {
  let n = 0;
  for (const file of ['aws-c-auth', 'botocore', 'smithy-extras']) {
    for (const c of load<SuiteCase>(`./${file}.json`).cases) {
      const req = { method: c.request.method, path: c.request.path, query: c.request.query, headers: headerRecord(c.request.headers) };
      const opts = { date: new Date(c.timestamp), payload: c.payload, omitSessionToken: c.omitSessionToken };
      same(c, c.signatureLocation === 'headers' ? signerOf(c).sign(req, opts) : signerOf(c).presign(req, { ...opts, expiresIn: c.expiresIn ?? NaN }));
      n++;
    }
  }
  if (n < 100) throw new Error(`only ${n} vectors found`);
  return `${n} vectors`;
});

await step('the S3 API Reference examples: header, presigned URL, aws-chunked chunks and trailer, POST policy', async () => {
  const done: string[] = [];
  for (const c of load<S3Case>('./s3-examples.json').cases) {
    const s = signerOf(c);
    const date = new Date(c.timestamp);
    if (c.kind === 'header') same(c, s.sign(s3RequestOf(c.request), { date, payload: c.payload }));
    else if (c.kind === 'query') same(c, s.presign(s3RequestOf(c.request), { date, payload: c.payload, expiresIn: c.expiresIn }));
    else if (c.kind === 'post-policy') {
      const r = await signPostPolicy(s, { date, policy: c.policy });
      if (r.signature !== c.expected.signature) throw new Error(`${c.id}: policy signature differs`);
    } else {
      const seed = s.sign(s3RequestOf(c.request), { date, payload: c.payload });
      same(c, seed);
      const chunks = chunkSigner(s, seed);
      const data = new Uint8Array(c.body.length).fill(c.body.byte.charCodeAt(0));
      let previous = seed.signature;
      let at = 0;
      for (const ch of c.expected.chunks) {
        const sig = await chunks.signChunk(previous, data.subarray(at, at + ch.size));
        if (sig !== ch.signature) throw new Error(`${c.id}: chunk of ${ch.size} B signs ${sig}`);
        previous = sig;
        at += ch.size;
      }
      const t = c.expected.trailer;
      if (t && (await chunks.signTrailer(previous, t.hashedText)) !== t.signature) throw new Error(`${c.id}: trailer signature differs`);
    }
    done.push(c.kind);
  }
  return done.join(', ');
});

await step(`SHA-256 and HMAC-SHA256 equal ${referenceName} on random strings, bytes and keys`, async () => {
  let seed = 0x5eed;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => (rand() * 256) | 0);
  // ASCII, Latin-1, BMP, astral pairs and lone surrogates (both hash them as U+FFFD in UTF-8).
  const alphabet = ['a', 'Z', '0', '\n', ' ', 'é', 'ÿ', '€', '中', '😀', '\ud800', '\udfff'];
  const text = (n: number) => Array.from({ length: n }, () => alphabet[(rand() * alphabet.length) | 0]).join('');
  let n = 0;
  for (let i = 0; i < 600; i++) {
    const len = i < 200 ? i : (rand() * 5000) | 0;
    const data = i % 2 ? bytes(len) : text(len);
    // Keys: a signing key (32 B), and string or byte keys of every length around the 64 B block.
    const key = i % 3 === 0 ? bytes(32) : i % 3 === 1 ? text((rand() * 100) | 0) : bytes((rand() * 150) | 0);
    if (tested.sha256Hex(data) !== (await reference.sha256Hex(data))) throw new Error(`sha256Hex differs on input ${i} (${len} ${typeof data === 'string' ? 'chars' : 'bytes'})`);
    if (tested.hmacHex(key, data) !== (await reference.hmacHex(key, data))) throw new Error(`hmacHex differs on input ${i}`);
    const a = tested.hmac(key, data);
    const b = await reference.hmac(key, data);
    if (!(a instanceof Uint8Array) || a.length !== 32 || !a.every((x, j) => x === b[j])) throw new Error(`hmac differs on input ${i}`);
    n++;
  }
  return `${n} inputs`;
});

await step('HMAC-SHA256 with a key used again, and with a key changed in place, is that of its bytes each time', async () => {
  const key = new Uint8Array(32).fill(7);
  const message = 'AWS4-HMAC-SHA256\n20261202T014000Z\n20261202/us-east-1/s3/aws4_request\n' + '0'.repeat(64);
  const steps: Array<() => void> = [() => undefined, () => (key[31] = 8), () => key.fill(9), () => undefined, () => (key[0] = 1)];
  for (const [i, change] of steps.entries()) {
    change();
    const want = createHmac('sha256', key).update(message).digest('hex');
    for (const [name, c] of [[testedName, tested], [referenceName, reference]] as const) {
      if ((await c.hmacHex(key, message)) !== want) throw new Error(`${name}: a stale key at step ${i}`);
    }
  }
  return `${steps.length} steps`;
});

await step(`s3wire/sigv4 under ${runtime.split(' ')[0]} (its export condition) signs with ${testedName}`, async () => {
  // The package's own copy (dist/), so its own bunCrypto or nodeCrypto, not src's checked above.
  const sigv4: Record<string, unknown> & typeof import('s3wire/sigv4') = await import('s3wire/sigv4');
  const s = sigv4.createSigner({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, region: 'us-east-1' });
  if (sigv4[testedName] === undefined || s.crypto !== sigv4[testedName]) throw new Error(`createSigner from s3wire/sigv4 does not use ${testedName}`);
  return `createSigner().crypto is ${testedName}`;
});

const report: ScenarioReport = { runtime, server: 'none', bucket: '', ok: steps.every((s) => s.ok), steps };
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
