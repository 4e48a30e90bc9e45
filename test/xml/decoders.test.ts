// The listing's two text decoders (src/xml/parser.ts decodeReferences, src/xml/url-encoding.ts
// decodeUrlEncoded), which take fast paths for what listings hold most (MinIO's `&#34;` in every
// ETag, a lone ASCII `%XX` such as `%2F`), against the plain regex replacements they were before,
// restated here as the reference, on seeded random strings made of the pieces that matter.
import { describe, expect, it } from 'vitest';
import { decodeReferences } from '../../src/xml/parser.ts';
import { decodeUrlEncoded } from '../../src/xml/url-encoding.ts';
import { seeded } from '../seeded.ts';

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function referencesByRegex(text: string): string {
  return text.replace(/&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
function urlByRegex(value: string): string {
  return value.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16))));
}

/** A random string of `pieces`, `n` of them at most. */
function text(rnd: () => number, pieces: readonly string[], n: number): string {
  let s = '';
  for (let i = Math.floor(rnd() * n); i > 0; i--) s += pieces[Math.floor(rnd() * pieces.length)]!;
  return s;
}

const SEED = Number(process.env.DECODERS_SEED ?? 11);

describe('decodeReferences', () => {
  const PIECES = ['&', ';', '#', 'x', 'X', '0', '1', '9', 'a', 'F', 'g', 'amp', 'lt', 'gt', 'quot', 'apos', 'Amp', '&#34;', '&#x22;', '&#x10FFFF;', '&#x110000;', '&#1114111;', '&#1114112;', '&#0000065;', '&#x0000041;', '&#xD;', '&#;', '&#x;', '&amp;#x9;', ' ', 'ü', '😀'];

  it('equals the regex replacement on 20,000 random strings', () => {
    const rnd = seeded(SEED);
    for (let i = 0; i < 20_000; i++) {
      const s = text(rnd, PIECES, 12);
      expect(decodeReferences(s), JSON.stringify(s)).toBe(referencesByRegex(s));
    }
  });

  it.each([
    ['an ETag as MinIO writes it', '&#34;620f0b67a91f7f74151bc5be745b7110&#34;', '"620f0b67a91f7f74151bc5be745b7110"'],
    ['once, not twice', '&amp;#x9;', '&#x9;'],
    ['unknown names kept', '&nbsp;&copy;', '&nbsp;&copy;'],
    ['past U+10FFFF kept', '&#x110000;', '&#x110000;'],
    ['seven hex digits kept', '&#x0000041;', '&#x0000041;'],
    ['an & with no ;', 'a & b', 'a & b'],
    ['a far ; then a reference', '&long text;&lt;', '&long text;<'],
  ])('%s', (_, from, to) => {
    expect(decodeReferences(from)).toBe(to);
  });
});

describe('decodeUrlEncoded', () => {
  const PIECES = ['%', '+', '2', 'F', 'f', 'z', '%2F', '%2f', '%20', '%2B', '%41', '%7F', '%80', '%C3%BC', '%C3', '%E2%82%AC', '%F0%9F%98%80', '%FF', '%EF%BB%BF', '%00', '%0', '%g1', 'a', '/', ' ', 'ü'];

  it('equals the regex replacement on 20,000 random strings', () => {
    const rnd = seeded(SEED + 1);
    for (let i = 0; i < 20_000; i++) {
      const s = text(rnd, PIECES, 12);
      expect(decodeUrlEncoded(s), JSON.stringify(s)).toBe(urlByRegex(s));
    }
  });
});
