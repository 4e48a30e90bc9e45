// The checksums themselves: known vectors, incremental = one-shot, wire sizes and names.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, crc32c, crc64nvme, type Checksum } from '../../src/checksum/crc.ts';
import { CHECKSUM_ALGORITHMS, checksumHeader, checksumOf, checksumRequest, checksumValueLength, createChecksum } from '../../src/checksum/checksum.ts';
import { planChecksum } from '../../src/checksum/plan.ts';
import { awsChunked, awsChunkedLength } from '../../src/sigv4/aws-chunked.ts';
import { ArgumentError } from '../../src/index.ts';

const ascii = new TextEncoder();
const hex = (c: Checksum) => Buffer.from(c.digest() as Uint8Array).toString('hex');
const nodeHash = (a: 'sha1' | 'sha256') => {
  const h = createHash(a);
  return { update: (d: Uint8Array) => void h.update(d), digest: () => h.digest() };
};

function of(make: () => Checksum, data: Uint8Array): Checksum {
  const c = make();
  c.update(data);
  return c;
}

describe('CRCs', () => {
  // The "check" values of the CRC catalogue (reveng.sourceforge.io/crc-catalogue).
  it.each([
    ['CRC-32', crc32, 'cbf43926'],
    ['CRC-32C', crc32c, 'e3069283'],
    ['CRC-64/NVME', crc64nvme, 'ae8b14860a799888'],
  ])('%s("123456789")', (_, make, want) => {
    expect(hex(of(make, ascii.encode('123456789')))).toBe(want);
  });

  it('empty input', () => {
    expect(hex(of(crc32, new Uint8Array(0)))).toBe('00000000');
    expect(hex(of(crc32c, new Uint8Array(0)))).toBe('00000000');
    expect(hex(of(crc64nvme, new Uint8Array(0)))).toBe('0000000000000000');
  });

  it("the S3 user guide's example: CRC32C of 66560 bytes of 'a' is sOO8/Q==", async () => {
    expect(await checksumOf('CRC32C', new Uint8Array(66560).fill(0x61), undefined)).toBe('sOO8/Q==');
  });

  it('fed in uneven pieces, the result is the same as in one go', () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 2654435761) >>> 24);
    for (const make of [crc32, crc32c, crc64nvme]) {
      const whole = hex(of(make, data));
      const c = make();
      for (let off = 0, n = 1; off < data.length; off += n, n = (n * 7 + 3) % 9001) c.update(data.subarray(off, off + n));
      expect(hex(c)).toBe(whole);
    }
  });

  it('CRC-32 agrees with zlib where node:zlib has it (Node 22+)', async () => {
    const zlib = (await import('node:zlib')) as { crc32?: (d: Uint8Array) => number };
    if (!zlib.crc32) return;
    const data = new Uint8Array(4099).map((_, i) => i * 31);
    expect(hex(of(crc32, data))).toBe(zlib.crc32(data).toString(16).padStart(8, '0'));
  });
});

describe('checksum wire forms', () => {
  it('names and base64 lengths', () => {
    expect(CHECKSUM_ALGORITHMS.map(checksumHeader)).toEqual([
      'x-amz-checksum-crc32',
      'x-amz-checksum-crc32c',
      'x-amz-checksum-crc64nvme',
      'x-amz-checksum-sha1',
      'x-amz-checksum-sha256',
    ]);
    expect(CHECKSUM_ALGORITHMS.map(checksumValueLength)).toEqual([8, 8, 12, 28, 44]);
  });

  it('SHA comes from the injected hash; without one it is refused before any I/O', async () => {
    expect(await checksumOf('SHA256', ascii.encode('abc'), nodeHash)).toBe(createHash('sha256').update('abc').digest('base64'));
    expect(() => createChecksum('SHA256', undefined)).toThrow(ArgumentError);
  });

  it('a given checksum is checked for shape, and needs its algorithm', () => {
    expect(checksumRequest({ checksumAlgorithm: 'CRC32', checksum: 'AAAAAA==' }).headers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==', 'x-amz-sdk-checksum-algorithm': 'CRC32' });
    expect(checksumRequest({ checksumAlgorithm: 'CRC32' })).toEqual({ headers: {}, checksumAlgorithm: 'CRC32' });
    expect(checksumRequest({})).toEqual({ headers: {} });
    expect(() => checksumRequest({ checksum: 'AAAAAA==' })).toThrow(ArgumentError);
    expect(() => checksumRequest({ checksumAlgorithm: 'CRC32', checksum: 'AAAA' })).toThrow(ArgumentError);
    expect(() => checksumRequest({ checksumAlgorithm: 'MD5' as never })).toThrow(ArgumentError);
  });

  it('a stream gets a trailer whose aws-chunked length is known up front', async () => {
    const data = new Uint8Array(200_000).fill(7);
    for (const a of CHECKSUM_ALGORITHMS) {
      const plan = await planChecksum(a, (async function* () { yield data; })(), nodeHash);
      expect(plan.headers).toEqual({ 'x-amz-trailer': checksumHeader(a), 'x-amz-sdk-checksum-algorithm': a });
      const t = plan.trailer!.start((async function* () { yield data; })());
      const pieces: Uint8Array[] = [];
      for await (const p of awsChunked(t.body, { chunkSize: 65536, trailers: async () => ({ [plan.trailer!.name]: await t.value() }) })) pieces.push(p);
      const wire = Buffer.concat(pieces);
      expect(wire.length).toBe(awsChunkedLength({ decodedLength: data.length, chunkSize: 65536, signed: false, trailers: { [plan.trailer!.name]: plan.trailer!.valueLength } }));
      expect(wire.toString('latin1').endsWith(`0\r\n${checksumHeader(a)}:${await checksumOf(a, data, nodeHash)}\r\n\r\n`)).toBe(true);
    }
  });
});
