// aws-chunked bodies: framing, the Content-Length formula, and the rechunker under them.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html

import { describe, expect, it } from 'vitest';
import { awsChunked, awsChunkedLength, chunkSigner, MIN_CHUNK_SIZE, rechunk, type AwsChunkedOptions } from '../../src/sigv4/aws-chunked.ts';
import { STREAMING_UNSIGNED_PAYLOAD_TRAILER } from '../../src/sigv4/constants.ts';
import { createSigner } from '../../src/sigv4/index.ts';

const latin1 = new TextDecoder('latin1');

/** Deterministic bytes, printable so failures read well. */
function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = 0x21 + ((x >>> 16) % 94);
  }
  return out;
}

/** Feed `data` in pieces of the given sizes (cycled). */
async function* feed(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.slice(at, at + n);
    at += n;
  }
}

async function concat(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
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

/** The framing written out by hand from the AWS pages, for unsigned chunks. */
function unsignedReference(data: Uint8Array, chunkSize: number, trailers: Record<string, string>): string {
  let out = '';
  for (let at = 0; at < data.length; at += chunkSize) {
    const chunk = data.subarray(at, at + chunkSize);
    out += chunk.length.toString(16) + '\r\n' + latin1.decode(chunk) + '\r\n';
  }
  out += '0\r\n';
  for (const [name, value] of Object.entries(trailers)) out += name + ':' + value + '\r\n';
  return out + '\r\n';
}

/**
 * Run an encoder that might never finish: the first error it throws, or a marker error once it
 * has yielded `limit` pieces (so a broken guard fails the test instead of hanging it).
 */
async function firstError(source: AsyncIterable<Uint8Array>, limit = 10_000): Promise<unknown> {
  let n = 0;
  try {
    for await (const _ of source) if (++n >= limit) return new Error(`still yielding after ${limit} pieces`);
  } catch (e) {
    return e;
  }
  return new Error('finished without an error');
}

const SIZES = [0, 1, 8191, 8192, 8193, 16384, 20000, 3 * 8192 + 17];
const checksum = { 'x-amz-checksum-crc32c': 'sOO8/Q==' };

describe('aws-chunked with unsigned chunks and a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', () => {
  it('is what the signer declares in x-amz-content-sha256', () => {
    const signer = createSigner({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, region: 'us-east-1' });
    const r = signer.sign(
      { method: 'PUT', host: 'b.s3.amazonaws.com', path: '/k', headers: { 'x-amz-trailer': 'x-amz-checksum-crc32c', 'content-encoding': 'aws-chunked' } },
      { date: new Date(0), payload: { kind: 'streaming-unsigned-trailer' } },
    );
    expect(r.headers['x-amz-content-sha256']).toBe(STREAMING_UNSIGNED_PAYLOAD_TRAILER);
    expect(r.payloadHash).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(r.canonicalRequest.endsWith('\nSTREAMING-UNSIGNED-PAYLOAD-TRAILER')).toBe(true);
  });

  it.each(SIZES)('%d bytes: framed exactly, and as long as awsChunkedLength says', async (n) => {
    const data = bytes(n);
    const chunkSize = 8192;
    const body = await concat(awsChunked(feed(data, [1000, 7, 9000]), { chunkSize, trailers: () => checksum }));
    expect(latin1.decode(body)).toBe(unsignedReference(data, chunkSize, checksum));
    expect(body.length).toBe(awsChunkedLength({ decodedLength: n, chunkSize, signed: false, trailers: { 'x-amz-checksum-crc32c': 8 } }));
  });

  it('takes the trailer values once the body has been read, and may be async', async () => {
    const data = bytes(30_000);
    let seen = 0;
    const source = (async function* () {
      for await (const p of feed(data, [4096])) {
        seen += p.length;
        yield p;
      }
    })();
    const body = await concat(
      awsChunked(source, {
        chunkSize: MIN_CHUNK_SIZE,
        trailers: async () => ({ 'x-amz-checksum-sha256': String(seen).padStart(44, '0') }),
      }),
    );
    expect(latin1.decode(body).endsWith('0\r\nx-amz-checksum-sha256:' + '30000'.padStart(44, '0') + '\r\n\r\n')).toBe(true);
  });

  it('without trailers ends with the empty chunk and a blank line', async () => {
    const body = await concat(awsChunked(feed(bytes(5), [5]), { chunkSize: 8192 }));
    expect(latin1.decode(body)).toBe('5\r\n' + latin1.decode(bytes(5)) + '\r\n0\r\n\r\n');
    expect(body.length).toBe(awsChunkedLength({ decodedLength: 5, chunkSize: 8192, signed: false }));
  });
});

describe('aws-chunked with signed chunks', () => {
  const signer = createSigner({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, region: 'us-east-1' });
  const seed = signer.sign({ method: 'PUT', host: 'b.s3.amazonaws.com', path: '/k' }, { date: new Date(0), payload: { kind: 'streaming', trailer: true } });
  const opts = (extra: Partial<AwsChunkedOptions<string>>): AwsChunkedOptions<string> => ({
    signer: chunkSigner(signer, seed),
    seedSignature: seed.signature,
    chunkSize: 8192,
    ...extra,
  });

  it.each(SIZES)('%d bytes, with and without a trailer: as long as awsChunkedLength says', async (n) => {
    const plain = await concat(awsChunked(feed(bytes(n), [3000]), opts({})));
    expect(plain.length).toBe(awsChunkedLength({ decodedLength: n, chunkSize: 8192, signed: true }));
    const trailed = await concat(awsChunked(feed(bytes(n), [3000]), opts({ trailers: () => checksum })));
    expect(trailed.length).toBe(awsChunkedLength({ decodedLength: n, chunkSize: 8192, signed: true, trailers: { 'x-amz-checksum-crc32c': 8 } }));
    expect(latin1.decode(trailed)).toMatch(/(?:^|\r\n)0;chunk-signature=[0-9a-f]{64}\r\nx-amz-checksum-crc32c:sOO8\/Q==\r\nx-amz-trailer-signature:[0-9a-f]{64}\r\n\r\n$/);
  });

  it('refuses chunks under 8 KiB and a missing seed', async () => {
    expect(await firstError(awsChunked(feed(bytes(10), [10]), opts({ chunkSize: MIN_CHUNK_SIZE - 1 })))).toBeInstanceOf(RangeError);
    expect(await firstError(awsChunked(feed(bytes(10), [10]), opts({ seedSignature: '' })))).toBeInstanceOf(TypeError);
  });
});

describe('chunkSize must be a positive whole number', () => {
  // 0 loops forever on empty frames (and a 0-size chunk is the end-of-body marker), NaN drops
  // every data byte, a fraction frames chunks of a size nobody asked for. Each test lists every
  // bad value that got through, so one failure shows them all.
  const BAD = [0, -1, NaN, 1.5, 8192.5];
  const seedFor = () => {
    const signer = createSigner({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, region: 'us-east-1' });
    const seed = signer.sign({ method: 'PUT', host: 'h', path: '/k' }, { date: new Date(0), payload: { kind: 'streaming' } });
    return { signer: chunkSigner(signer, seed), seedSignature: seed.signature };
  };

  it('awsChunked rejects it with a RangeError, signed or not', async () => {
    const accepted: string[] = [];
    for (const chunkSize of BAD) {
      for (const signed of [false, true]) {
        const encoded = awsChunked(feed(bytes(20_000), [20_000]), { chunkSize, ...(signed ? seedFor() : {}) });
        const e = await firstError(encoded);
        if (!(e instanceof RangeError)) accepted.push(`${chunkSize} ${signed ? 'signed' : 'unsigned'}: ${String(e)}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rechunk rejects it with a RangeError', async () => {
    const accepted: string[] = [];
    for (const size of BAD) {
      const e = await firstError(rechunk(feed(bytes(100), [100]), size));
      if (!(e instanceof RangeError)) accepted.push(`${size}: ${String(e)}`);
    }
    expect(accepted).toEqual([]);
  });

  it('awsChunkedLength rejects it with a RangeError', () => {
    const accepted: string[] = [];
    for (const chunkSize of BAD) {
      try {
        accepted.push(`${chunkSize}: returned ${awsChunkedLength({ decodedLength: 100, chunkSize, signed: false })}`);
      } catch (e) {
        if (!(e instanceof RangeError)) accepted.push(`${chunkSize}: ${String(e)}`);
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe('rechunk', () => {
  const cases: Array<[string, number, number[]]> = [
    ['one big piece', 20_000, [20_000]],
    ['pieces smaller than a chunk', 20_000, [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987]],
    ['pieces of exactly one chunk', 4096 * 5, [4096]],
    ['pieces straddling chunks', 20_000, [4095, 4097, 1, 8191]],
    ['pieces with empty ones between', 9_000, [0, 3000, 0, 0, 5000]],
    ['less than one chunk', 100, [7]],
    ['nothing', 0, [1]],
  ];

  it.each(cases)('%s: chunks of exactly chunkSize, the last 1..chunkSize, nothing lost', async (_, n, sizes) => {
    const data = bytes(n, 7);
    const chunkSize = 4096;
    // Keep the yielded arrays themselves (no copy): a chunk must not change after it is yielded.
    const chunks: Uint8Array[] = [];
    for await (const c of rechunk(feed(data, sizes.some((s) => s > 0) ? sizes : [1]), chunkSize)) chunks.push(c);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBe(chunkSize);
    const last = chunks.at(-1);
    if (last) expect(last.length).toBeGreaterThan(0);
    if (last) expect(last.length).toBeLessThanOrEqual(chunkSize);
    expect(chunks.length).toBe(Math.ceil(n / chunkSize));
    const joined = new Uint8Array(n);
    let at = 0;
    for (const c of chunks) {
      joined.set(c, at);
      at += c.length;
    }
    expect(joined).toEqual(data);
  });

  it('is driven by random piece sizes without losing, duplicating or resizing anything', async () => {
    let x = 99;
    const rand = (m: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % m;
    for (let round = 0; round < 200; round++) {
      const chunkSize = 1 + rand(300);
      const data = bytes(rand(3000), round);
      const sizes = Array.from({ length: 1 + rand(20) }, () => rand(2 * chunkSize + 2));
      if (!sizes.some((s) => s > 0)) sizes.push(1);
      const chunks: Uint8Array[] = [];
      for await (const c of rechunk(feed(data, sizes), chunkSize)) chunks.push(c);
      const where = `round ${round}: chunkSize ${chunkSize}, ${data.length} bytes in pieces ${JSON.stringify(sizes)}`;
      chunks.slice(0, -1).forEach((c) => expect(c.length, where).toBe(chunkSize));
      expect(chunks.reduce((n, c) => n + c.length, 0), where).toBe(data.length);
      expect(await concat((async function* () { yield* chunks; })()), where).toEqual(data);
    }
  });
});
