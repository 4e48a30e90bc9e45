// The public SigV4 vectors (restated in this folder by scripts/convert-vectors.mjs; see README.md),
// each checked stage by stage: canonical request, string to sign, signature, and what goes on the
// wire (the Authorization header and added headers, or the presigned query string).
// Every case runs through both crypto seams: node:crypto (sync) and WebCrypto (async).

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awsChunked, awsChunkedLength, chunkSigner, planChunk, planTrailer } from '../../src/sigv4/aws-chunked.ts';
import {
  AsyncSigner,
  createSigner,
  S3_SETTINGS,
  uriEncodePath,
  webCrypto,
  type Credentials,
  type SignableRequest,
  type SignedHeaders,
  type PresignedRequest,
  type SignerOptions,
  type SigningSettings,
} from '../../src/sigv4/index.ts';
import { signPostPolicy } from '../../src/sigv4/post-policy.ts';
import { headerRecord, load, s3RequestOf, type ChunkedCase, type Expected, type Pair, type S3Case, type SuiteCase } from './cases.ts';

const awsCAuth = load<SuiteCase>('./aws-c-auth.json');
const botocore = load<SuiteCase>('./botocore.json');
const smithy = load<SuiteCase>('./smithy-extras.json');
const s3Examples = load<S3Case>('./s3-examples.json');

/** Either signer; sync results are awaited as values. */
type AnySigner = ReturnType<typeof createSigner> | AsyncSigner;

const FLAVOURS: ReadonlyArray<{ name: string; make: (o: SignerOptions) => AnySigner }> = [
  { name: 'node:crypto', make: (o) => createSigner(o) },
  { name: 'WebCrypto', make: (o) => new AsyncSigner(o, webCrypto()) },
];


const lowerSorted = (pairs: Iterable<readonly [string, string]>): string[] =>
  [...pairs].map(([n, v]) => n.toLowerCase() + ':' + v).sort();

const STRICT_SEGMENT = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*=(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;

function decodeQuery(qs: string): Pair[] {
  return qs.split('&').map((seg) => {
    const eq = seg.indexOf('=');
    return [decodeURIComponent(seg.slice(0, eq)), decodeURIComponent(seg.slice(eq + 1))];
  });
}

const sortedPairs = (pairs: readonly Pair[]): string[] => pairs.map(([n, v]) => JSON.stringify([n, v])).sort();

/** The S3 docs write `,SignedHeaders=` and `,Signature=`; SDKs and these suites write `, `. */
const normalizeAuthorization = (a: string): string => a.replace(/,\s*/g, ', ');

function expectHeaderSignature(r: SignedHeaders, e: Expected): void {
  expect(r.canonicalRequest).toBe(e.canonicalRequest);
  expect(r.stringToSign).toBe(e.stringToSign);
  expect(r.signature).toBe(e.signature);
  expect(r.signedHeaders).toBe(e.signedHeaders);
  expect(normalizeAuthorization(r.headers.authorization ?? '')).toBe(normalizeAuthorization(e.authorization ?? ''));
  const { authorization: _, ...added } = r.headers;
  expect(lowerSorted(Object.entries(added))).toEqual(lowerSorted(e.addedHeaders ?? []));
}

function expectPresigned(r: PresignedRequest, e: Expected): void {
  expect(r.canonicalRequest).toBe(e.canonicalRequest);
  expect(r.stringToSign).toBe(e.stringToSign);
  expect(r.signature).toBe(e.signature);
  expect(r.signedHeaders).toBe(e.signedHeaders);
  // The upstream wire order is not sorted (X-Amz-SignedHeaders before X-Amz-Expires), and the
  // request's own parameters appear there as written (raw UTF-8, say), so compare the decoded
  // parameters as a multiset, and check separately that ours are all strictly percent-encoded.
  expect(sortedPairs(decodeQuery(r.queryString))).toEqual(sortedPairs(e.queryParams ?? []));
  for (const seg of r.queryString.split('&')) expect(seg).toMatch(STRICT_SEGMENT);
  expect(r.queryString.endsWith('&X-Amz-Signature=' + e.signature)).toBe(true);
}

async function runSuiteCase(signer: AnySigner, c: SuiteCase, path: string): Promise<void> {
  const req: SignableRequest = { method: c.request.method, path, query: c.request.query, headers: headerRecord(c.request.headers) };
  const date = new Date(c.timestamp);
  if (c.signatureLocation === 'headers') {
    expectHeaderSignature(await signer.sign(req, { date, payload: c.payload, omitSessionToken: c.omitSessionToken }), c.expected);
  } else {
    const r = await signer.presign(req, { date, payload: c.payload, omitSessionToken: c.omitSessionToken, expiresIn: c.expiresIn ?? NaN });
    expectPresigned(r, c.expected);
  }
}

const signerFor = (f: (typeof FLAVOURS)[number], c: { credentials: Credentials; region: string; service: string }, settings: SigningSettings) =>
  f.make({ credentials: c.credentials, region: c.region, service: c.service, settings });

describe.each(FLAVOURS)('SigV4 vectors, $name', (flavour) => {
  describe.each([awsCAuth, botocore, smithy])('$source, the mode each case was written for', (file) => {
    it('has every case the converter wrote', () => {
      expect(file.cases.length).toBe(file.caseCount);
    });
    it.each(file.cases)('$id', async (c) => {
      // Double-encoding mode encodes the path once more, so the path goes in as written.
      await runSuiteCase(signerFor(flavour, c, c.settings), c, c.request.path);
    });
  });

  // README section 5 of the suite: the cases S3 agrees with, signed the way the client signs S3:
  // the decoded path encoded once by uriEncodePath (the client's key encoding), never normalized.
  // contentSha256Header stays as the case was written: the generic suites send no
  // x-amz-content-sha256 (sign_body=false), which is the one S3 habit they cannot show.
  describe.each([awsCAuth, botocore])('$source under S3_SETTINGS', (file) => {
    const cases = file.cases.filter((c) => c.s3.applies);
    it.each(cases)('$id', async (c) => {
      const settings: SigningSettings = { ...S3_SETTINGS, contentSha256Header: c.settings.contentSha256Header };
      await runSuiteCase(signerFor(flavour, c, settings), c, uriEncodePath(c.request.path));
    });
  });

  it('smithy-rs double-encode-path: the published canonical URI line', async () => {
    const c = smithy.cases.find((x) => x.id === 'double-encode-path')!;
    const r = await signerFor(flavour, c, c.settings).sign(
      { method: c.request.method, path: c.request.path, headers: headerRecord(c.request.headers) },
      { date: new Date(c.timestamp), payload: c.payload },
    );
    expect(r.canonicalRequest.split('\n')[1]).toBe(c.expected.canonicalUri);
  });

  describe('S3 API Reference examples', () => {
    const byKind = <K extends S3Case['kind']>(kind: K) => s3Examples.cases.filter((c): c is Extract<S3Case, { kind: K }> => c.kind === kind);

    it('has every example', () => {
      expect(s3Examples.cases.length).toBe(8);
      expect(s3Examples.cases.length).toBe(s3Examples.caseCount);
    });

    it.each(byKind('header'))('$id', async (c) => {
      const r = await signerFor(flavour, c, c.settings).sign(s3RequestOf(c.request), { date: new Date(c.timestamp), payload: c.payload });
      expectHeaderSignature(r, c.expected);
    });

    it.each(byKind('query'))('$id', async (c) => {
      const signer = signerFor(flavour, c, c.settings);
      const req = s3RequestOf(c.request);
      const date = new Date(c.timestamp);
      const r = await signer.presign(req, { date, expiresIn: c.expiresIn, payload: c.payload });
      expect(r.canonicalRequest).toBe(c.expected.canonicalRequest);
      expect(r.stringToSign).toBe(c.expected.stringToSign);
      expect(r.signature).toBe(c.expected.signature);
      expect(r.signedHeaders).toBe(c.expected.signedHeaders);
      expect(r.queryString).toBe(c.expected.queryString);
      expect(`https://${c.request.host}${req.path}?${r.queryString}`).toBe(c.expected.presignedUrl);
      // S3 presigned URLs default to UNSIGNED-PAYLOAD.
      expect((await signer.presign(req, { date, expiresIn: c.expiresIn })).signature).toBe(c.expected.signature);
    });

    it.each(s3Examples.cases.filter((c): c is ChunkedCase => c.kind === 'aws-chunked' || c.kind === 'aws-chunked-trailer'))('$id', async (c) => {
      const signer = signerFor(flavour, c, c.settings);
      const seed = await signer.sign(s3RequestOf(c.request), { date: new Date(c.timestamp), payload: c.payload });
      expect(seed.canonicalRequest).toBe(c.expected.canonicalRequest);
      expect(seed.stringToSign).toBe(c.expected.stringToSign);
      expect(seed.signature).toBe(c.expected.signature);
      expect(seed.signedHeaders).toBe(c.expected.signedHeaders);
      if (c.expected.authorization !== undefined) {
        expect(normalizeAuthorization(seed.headers.authorization ?? '')).toBe(normalizeAuthorization(c.expected.authorization));
      }
      if (c.expected.authorizationAsPublished !== undefined) {
        // Only its Signature part is a vector (see the case's upstreamDefect).
        expect(c.expected.authorizationAsPublished.endsWith('Signature=' + seed.signature)).toBe(true);
      }

      const chunks = chunkSigner(signer, seed);
      const data = new Uint8Array(c.body.length).fill(c.body.byte.charCodeAt(0));
      let previous = seed.signature;
      let offset = 0;
      for (const ch of c.expected.chunks) {
        expect(planChunk(seed, previous, ch.dataSha256)).toBe(ch.stringToSign);
        expect(await chunks.signChunk(previous, data.subarray(offset, offset + ch.size))).toBe(ch.signature);
        previous = ch.signature;
        offset += ch.size;
      }

      const body = await collect(
        awsChunked(pieces(data, 1000), {
          signer: chunks,
          seedSignature: seed.signature,
          chunkSize: c.body.chunkSize,
          ...(c.trailers ? { trailers: () => c.trailers! } : {}),
        }),
      );
      const framed = unframe(body);
      expect(framed.headerLines).toEqual(c.expected.chunks.map((ch) => ch.headerLine));
      expect(framed.data).toEqual(data);
      const trailerLengths = c.trailers ? Object.fromEntries(Object.entries(c.trailers).map(([n, v]) => [n, v.length])) : undefined;
      const length = awsChunkedLength({
        decodedLength: c.body.length,
        chunkSize: c.body.chunkSize,
        signed: true,
        ...(trailerLengths ? { trailers: trailerLengths } : {}),
      });
      expect(body.length).toBe(length);

      const t = c.expected.trailer;
      if (t === undefined) {
        expect(length).toBe(c.expected.contentLength);
        expect(framed.rest).toBe('\r\n');
      } else {
        const hash = createHash('sha256').update(t.hashedText).digest('hex');
        expect(planTrailer(seed, previous, hash)).toBe(t.stringToSign);
        expect(await chunks.signTrailer(previous, t.hashedText)).toBe(t.signature);
        expect(framed.rest).toBe(t.linesSent.join('\r\n') + '\r\n\r\n');
      }
    });

    it.each(byKind('post-policy'))('$id', async (c) => {
      const r = await signPostPolicy(signerFor(flavour, c, c.settings), { date: new Date(c.timestamp), policy: c.policy });
      expect(r.policy).toBe(c.expected.policy);
      expect(r.signature).toBe(c.expected.signature);
      expect(r.fields).toMatchObject({ ...c.expected.fields, policy: c.expected.policy, 'x-amz-signature': c.expected.signature });
    });
  });
});

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p.slice());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Split an aws-chunked body: each chunk's header line, the data, and what follows the last chunk's line. */
function unframe(body: Uint8Array): { headerLines: string[]; data: Uint8Array; rest: string } {
  const latin1 = new TextDecoder('latin1');
  const headerLines: string[] = [];
  const data: number[] = [];
  let at = 0;
  for (;;) {
    let end = at;
    while (!(body[end] === 0x0d && body[end + 1] === 0x0a)) {
      if (end >= body.length) throw new Error('unterminated chunk header');
      end++;
    }
    const line = latin1.decode(body.subarray(at, end));
    headerLines.push(line);
    const size = parseInt(line.split(';')[0]!, 16);
    at = end + 2;
    if (size === 0) break;
    for (const b of body.subarray(at, at + size)) data.push(b);
    at += size;
    if (!(body[at] === 0x0d && body[at + 1] === 0x0a)) throw new Error('chunk data not followed by CRLF');
    at += 2;
  }
  return { headerLines, data: Uint8Array.from(data), rest: latin1.decode(body.subarray(at)) };
}
