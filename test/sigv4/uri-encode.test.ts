// uriEncode / uriEncodePath: RFC 3986 percent-encoding as SigV4 wants it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import { describe, expect, it } from 'vitest';
import { uriEncode, uriEncodePath } from '../../src/sigv4/index.ts';

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const hex = (b: number) => '%' + b.toString(16).toUpperCase().padStart(2, '0');
/** A reference written differently from the signer: UTF-8 bytes, then a per-byte rule. */
const reference = (s: string, keepSlash: boolean) =>
  [...new TextEncoder().encode(s)]
    .map((b) => (UNRESERVED.test(String.fromCharCode(b)) || (keepSlash && b === 0x2f) ? String.fromCharCode(b) : hex(b)))
    .join('');

describe('uriEncode', () => {
  it('encodes every one of the 256 code points U+0000..U+00FF: unreserved kept, the rest as UTF-8 %XX', () => {
    for (let c = 0; c < 256; c++) {
      const ch = String.fromCharCode(c);
      const want = UNRESERVED.test(ch) ? ch : c < 0x80 ? hex(c) : hex(0xc0 | (c >> 6)) + hex(0x80 | (c & 0x3f));
      expect(uriEncode(ch), `U+${c.toString(16).padStart(4, '0')}`).toBe(want);
      expect(uriEncode(ch)).toBe(reference(ch, false));
    }
  });

  it('encodes all 256 code points in one string exactly like the per-character rule', () => {
    const all = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).join('');
    expect(uriEncode(all)).toBe(reference(all, false));
    expect(uriEncodePath(all)).toBe(reference(all, true));
  });

  it('uses upper-case hex, %20 for a space and never +', () => {
    expect(uriEncode('a b+c')).toBe('a%20b%2Bc');
    expect(uriEncode('\u00ff')).toBe('%C3%BF');
    expect(uriEncode('*')).toBe('%2A');
    expect(uriEncode("!'()")).toBe('%21%27%28%29');
  });

  it('encodes / in query names and values, and keeps it in paths', () => {
    expect(uriEncode('a/b')).toBe('a%2Fb');
    expect(uriEncodePath('a/b')).toBe('a/b');
    expect(uriEncodePath('//a//')).toBe('//a//');
  });

  it('encodes astral characters (surrogate pairs) as their four UTF-8 bytes', () => {
    expect(uriEncode('😀')).toBe('%F0%9F%98%80');
    expect(uriEncode('𝄞')).toBe('%F0%9D%84%9E');
    expect(uriEncode('\u{10FFFF}')).toBe('%F4%8F%BF%BF');
    expect(uriEncode('\u{10000}')).toBe('%F0%90%80%80');
    expect(uriEncodePath('photos/😀 2024/𝄞.png')).toBe('photos/%F0%9F%98%80%202024/%F0%9D%84%9E.png');
  });

  it('encodes two- and three-byte characters', () => {
    expect(uriEncode('ሴ')).toBe('%E1%88%B4');
    expect(uriEncode('é')).toBe('%C3%A9');
    expect(uriEncode('中文')).toBe('%E4%B8%AD%E6%96%87');
    expect(uriEncode('\u07ff\u0800\uffff')).toBe('%DF%BF%E0%A0%80%EF%BF%BF');
  });

  it('returns unreserved-only input unchanged', () => {
    const s = '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    expect(uriEncode(s)).toBe(s);
    expect(uriEncodePath('/' + s + '/' + s)).toBe('/' + s + '/' + s);
    expect(uriEncode('')).toBe('');
  });

  it('refuses an unpaired surrogate (it has no UTF-8 form) with encodeURIComponent\'s URIError', () => {
    expect(() => uriEncode('a\ud800')).toThrow(URIError);
    expect(() => uriEncodePath('/\udc00/b')).toThrow(URIError);
  });

  it('encodes a % sign, so an already-encoded value is encoded again', () => {
    expect(uriEncode('%41')).toBe('%2541');
    expect(uriEncodePath('/a%2Fb')).toBe('/a%252Fb');
  });

  it('agrees with encodeURIComponent plus the RFC 3986 extras on random well-formed strings', () => {
    // encodeURIComponent leaves !'()* alone; SigV4 encodes them.
    const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => hex(c.charCodeAt(0)));
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = next() % 12; n > 0; n--) {
        const r = next() % 4;
        const cp = r === 0 ? next() % 0x80 : r === 1 ? next() % 0x800 : r === 2 ? 0x10000 + (next() % 0x100000) : next() % 0xd800;
        s += String.fromCodePoint(cp);
      }
      expect(uriEncode(s), JSON.stringify(s)).toBe(rfc3986(s));
    }
  });
});
