// node:crypto behind the seam (crypto-node.ts): its HMAC is two one-shot hashes over buffers it
// keeps between calls (the padded key of the last key used, one view per message length), so it is
// checked against createHmac with keys taken in turn, messages of every length up to and past its
// limit, and text of 1 to 4 bytes a character.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../src/sigv4/index.ts';
import { seeded as rng } from '../seeded.ts';


// One character each of 1, 2, 3 and 4 bytes of UTF-8.
const ALPHABET = ['a', 'Z', '\n', '\u00e9', '\u20ac', '\u{1F600}'];

function text(rand: () => number, units: number): string {
  let s = '';
  while (s.length < units) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return s.slice(0, units).isWellFormed() ? s.slice(0, units) : s.slice(0, units - 1);
}

const reference = (key: Uint8Array | string, data: string | Uint8Array) => createHmac('sha256', key).update(data).digest('hex');

describe('nodeCrypto.hmacHex', () => {
  it('agrees with createHmac, keys taken in turn, messages of 0 to 400 characters', () => {
    const rand = rng(7);
    // 32 bytes: a signing key. The others go past the block (64) or sit on it.
    const keys = [randomBytes(32), randomBytes(32), randomBytes(1), randomBytes(63), randomBytes(64), randomBytes(65)];
    for (let i = 0; i < 3000; i++) {
      const key = keys[Math.floor(rand() * keys.length)]!;
      const data = text(rand, Math.floor(rand() * 401));
      expect(nodeCrypto.hmacHex(key, data), `input ${i}`).toBe(reference(key, data));
    }
  });

  it('the same message length under two keys, one after the other, and the same key again', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const m1 = 'AWS4-HMAC-SHA256\n20261202T014000Z\n20261202/us-east-1/s3/aws4_request\n' + '0'.repeat(64);
    const m2 = m1.replace('0'.repeat(64), '1'.repeat(64));
    for (const [key, data] of [[a, m1], [b, m1], [a, m2], [a, m1], [b, m2]] as const) expect(nodeCrypto.hmacHex(key, data)).toBe(reference(key, data));
  });

  it('a key changed in place is a new key (the padded blocks are kept by value, not by identity)', () => {
    const key = new Uint8Array(32).fill(7);
    const m = 'AWS4-HMAC-SHA256\n20261202T014000Z\n20261202/us-east-1/s3/aws4_request\n' + '0'.repeat(64);
    for (const change of [() => undefined, () => (key[31] = 8), () => key.fill(9), () => undefined, () => (key[0] = 1)]) {
      change();
      expect(nodeCrypto.hmacHex(key, m)).toBe(reference(key, m));
    }
  });

  it('messages around its 1 KiB limit, string keys and byte messages take the general path alike', () => {
    const key = randomBytes(32);
    for (const data of ['\u20ac'.repeat(341), '\u20ac'.repeat(342), 'x'.repeat(1024), 'x'.repeat(5000), ''])
      expect(nodeCrypto.hmacHex(key, data)).toBe(reference(key, data));
    expect(nodeCrypto.hmacHex('AWS4secret', 'm')).toBe(reference('AWS4secret', 'm'));
    const bytes = randomBytes(100);
    expect(nodeCrypto.hmacHex(key, bytes)).toBe(reference(key, bytes));
  });
});

describe('nodeCrypto.sha256Hex', () => {
  it('agrees with createHash on text and bytes', () => {
    const rand = rng(11);
    for (let i = 0; i < 500; i++) {
      const data = i % 2 ? text(rand, Math.floor(rand() * 300)) : randomBytes(Math.floor(rand() * 300));
      expect(nodeCrypto.sha256Hex(data), `input ${i}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});
