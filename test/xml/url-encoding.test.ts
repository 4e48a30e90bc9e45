import { describe, expect, it } from 'vitest';
import { decodeUrlEncoded, isUrlEncoded, nameDecoder } from '../../src/xml/url-encoding.ts';

describe('decodeUrlEncoded', () => {
  it.each([
    ['plain', 'photos/2024/a.jpg', 'photos/2024/a.jpg'],
    ['+ as space (AWS, MinIO)', 'my+file.txt', 'my file.txt'],
    ['%20 as space (s3s, Ceph)', 'my%20file.txt', 'my file.txt'],
    ['%2B as plus', 'a%2Bb', 'a+b'],
    ['slashes either way', 'a%2Fb/c', 'a/b/c'],
    ['multi-byte UTF-8', '%E6%97%A5%E6%9C%AC%F0%9F%98%80', '日本😀'],
    ['lower-case hex', '%e2%82%ac', '€'],
    ['control characters', '%00%01%09%0A%0D', '\u0000\u0001\t\n\r'],
    ['a leading BOM, kept', '%EF%BB%BFx', '\uFEFFx'],
    ['a lone %', '100%', '100%'],
    ['% without two hex digits', '%zz%4', '%zz%4'],
    ['invalid UTF-8', '%FF', '\uFFFD'],
  ])('%s', (_, encoded, decoded) => {
    expect(decodeUrlEncoded(encoded)).toBe(decoded);
  });

  it('round-trips keys encoded the way AWS does (form encoding)', () => {
    const key = ' a+b c&d=e/ü/😀/\t\n\r%';
    const encoded = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
    expect(decodeUrlEncoded(encoded)).toBe(key);
  });
});

describe('nameDecoder', () => {
  it('decodes only for EncodingType url', () => {
    expect(isUrlEncoded('url')).toBe(true);
    expect(isUrlEncoded(' URL ')).toBe(true);
    expect(isUrlEncoded(undefined)).toBe(false);
    expect(isUrlEncoded('')).toBe(false);
    expect(nameDecoder('url')('a+b')).toBe('a b');
    expect(nameDecoder('url')(undefined)).toBeUndefined();
    expect(nameDecoder(undefined)('a+b')).toBe('a+b');
  });
});
