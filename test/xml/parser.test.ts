import { describe, expect, it } from 'vitest';
import { isS3WireError } from '../../src/errors.ts';
import {
  childBoolean,
  childDate,
  childElement,
  childElements,
  childInteger,
  childText,
  expectRoot,
  parseXml,
  rootName,
} from '../../src/xml/parser.ts';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

function badXmlOf(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (e) {
    expect(isS3WireError(e)).toBe(true);
    return e as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('parseXml', () => {
  it('returns the document node, its only child the root, namespace and declaration gone', () => {
    const doc = parseXml(`${PROLOG}<R ${NS}><Name>b</Name></R>`);
    expect(rootName(doc)).toBe('R');
    expect(doc).toEqual({ R: { Name: 'b' } });
  });

  it('drops namespace prefixes', () => {
    const doc = parseXml(`<s3:R xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Name>b</s3:Name></s3:R>`);
    expect(childText(expectRoot(doc, 'R'), 'Name')).toBe('b');
  });

  it.each([
    ['DOCTYPE', `<?xml version="1.0"?><!DOCTYPE R [<!ENTITY x "boom">]><R><Key>&x;</Key></R>`],
    ['external entity', `<!DOCTYPE R SYSTEM "file:///etc/passwd"><R/>`],
    ['lower-case doctype', `<!doctype R><R/>`],
    ['bare ENTITY', `<R><!ENTITY x "y"></R>`],
  ])('refuses a %s before parsing', (_, xml) => {
    const e = badXmlOf(() => parseXml(xml));
    expect(e.code).toBe('BadResponseXml');
    expect(e.message).toMatch(/DOCTYPE and ENTITY/);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n '],
    ['not XML', 'Service Unavailable'],
    ['JSON', '{"code":"NoSuchKey"}'],
    ['two roots', '<A/><B/>'],
  ])('refuses a body with no single root: %s', (_, xml) => {
    expect(badXmlOf(() => parseXml(xml)).code).toBe('BadResponseXml');
  });

  it.each([
    ['mid-text', `<ListBucketResult ${NS}><Contents><Key>a</Key></Contents><Contents><Key>b`],
    ['after an element', `<ListBucketResult ${NS}><Contents><Key>a</Key></Contents>`],
    ['mid-tag', `<ListBucketResult ${NS}><Contents><Ke`],
    ['inside the closing tag', `<ListBucketResult ${NS}><Name>b</Name></ListBucketRes`],
  ])('refuses a body cut off %s', (_, xml) => {
    expect(badXmlOf(() => parseXml(xml)).code).toBe('BadResponseXml');
  });

  it('accepts a self-closing root', () => {
    expect(parseXml(`${PROLOG}<LocationConstraint ${NS}/>`)).toEqual({ LocationConstraint: '' });
  });

  it('ignores whitespace around the root (S3 keep-alive before a slow result)', () => {
    const doc = parseXml(`   \n  ${PROLOG}  \n\n     <R><Key>k</Key></R>\n  `);
    expect(doc).toEqual({ R: { Key: 'k' } });
  });

  it('keeps text exactly: leading, trailing and whitespace-only', () => {
    const doc = parseXml(`<R><Key> a </Key><Key>   </Key><Key>\ttab</Key><Key>line\nbreak</Key><Key></Key><Key/></R>`);
    expect(expectRoot(doc, 'R').Key).toEqual([' a ', '   ', '\ttab', 'line\nbreak', '', '']);
  });

  it('decodes the predefined entities and character references in one pass', () => {
    const doc = parseXml(
      '<R><A>&amp;&lt;&gt;&quot;&apos;</A><B>&#34;&#39;&#x9;&#xA;&#xD;&#10;&#x1F600;</B>' +
        '<C>&amp;amp;&amp;#x9;&amp;lt;</C><D>&#38;amp;&#x26;lt;</D><E>&nbsp;&unknown;&#xFFFFFFF;</E></R>',
    );
    const root = expectRoot(doc, 'R');
    expect(childText(root, 'A')).toBe(`&<>"'`);
    expect(childText(root, 'B')).toBe(`"'\t\n\r\n😀`);
    expect(childText(root, 'C')).toBe('&amp;&#x9;&lt;');
    expect(childText(root, 'D')).toBe('&amp;&lt;');
    // Not XML's to define: left as sent rather than guessed at.
    expect(childText(root, 'E')).toBe('&nbsp;&unknown;&#xFFFFFFF;');
  });

  it('normalizes raw CR and CRLF to LF, as XML requires (servers send CR as &#xD;)', () => {
    expect(childText(expectRoot(parseXml('<R><Key>a\r\nb\rc&#xD;</Key></R>'), 'R'), 'Key')).toBe('a\nb\nc\r');
  });

  it('reads CDATA literally', () => {
    const doc = parseXml('<R><Key><![CDATA[a &amp; <b> ]]></Key><Next>x&amp;y</Next></R>');
    expect(childText(expectRoot(doc, 'R'), 'Key')).toBe('a &amp; <b> ');
    expect(childText(expectRoot(doc, 'R'), 'Next')).toBe('x&y');
  });

  it('has no entity-expansion limit to trip over on a full page of quoted ETags', () => {
    // fast-xml-parser's own entity processing throws past 1000 expansions per document.
    const item = '<Contents><Key>k&amp;</Key><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag></Contents>';
    const doc = parseXml(`<ListBucketResult ${NS}>${item.repeat(1000)}</ListBucketResult>`);
    const contents = childElements(expectRoot(doc, 'ListBucketResult'), 'Contents');
    expect(contents).toHaveLength(1000);
    expect(childText(contents[999]!, 'ETag')).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
  });

  it('makes list elements arrays even when there is one', () => {
    const doc = parseXml(`<ListBucketResult ${NS}><Contents><Key>only</Key></Contents></ListBucketResult>`);
    expect(Array.isArray(expectRoot(doc, 'ListBucketResult').Contents)).toBe(true);
    // ...but only where S3 lists: a root <Error> stays one element.
    expect(Array.isArray(parseXml('<Error><Code>X</Code></Error>').Error)).toBe(false);
  });

  it('does not let a __proto__ element stand in for a missing child', () => {
    const doc = parseXml('<R><C><__proto__><Key>evil</Key></__proto__></C></R>');
    const c = childElements(expectRoot(doc, 'R'), 'C')[0]!;
    expect(childText(c, 'Key')).toBeUndefined();
    expect(({} as Record<string, unknown>).Key).toBeUndefined();
  });

  it('reads pretty-printed XML the same as compact', () => {
    const doc = parseXml(`${PROLOG}<R ${NS}>\n  <Items>\n    <Key>a</Key>\n  </Items>\n  <Empty>\n  </Empty>\n</R>\n`);
    const root = expectRoot(doc, 'R');
    expect(childText(childElement(root, 'Items')!, 'Key')).toBe('a');
    expect(childElements(childElement(root, 'Empty')!, 'Key')).toEqual([]);
  });
});

describe('accessors', () => {
  const root = expectRoot(
    parseXml('<R><N>42</N><Big>5497558138880</Big><Pad> 7 </Pad><Neg>-1</Neg><T>true</T><F>False</F><D>2009-10-12T17:50:30.000Z</D><E></E><Bad>4x</Bad></R>'),
    'R',
  );

  it('reads integers, booleans and dates, tolerating surrounding whitespace', () => {
    expect(childInteger(root, 'N')).toBe(42);
    expect(childInteger(root, 'Big')).toBe(5 * 2 ** 40);
    expect(childInteger(root, 'Pad')).toBe(7);
    expect(childInteger(root, 'Neg')).toBe(-1);
    expect(childBoolean(root, 'T')).toBe(true);
    expect(childBoolean(root, 'F')).toBe(false);
    expect(childDate(root, 'D')).toEqual(new Date(Date.UTC(2009, 9, 12, 17, 50, 30)));
  });

  it('treats an absent or empty element as absent', () => {
    for (const read of [childInteger, childBoolean, childDate]) {
      expect(read(root, 'Missing')).toBeUndefined();
      expect(read(root, 'E')).toBeUndefined();
    }
    expect(childText(root, 'Missing')).toBeUndefined();
    expect(childText(root, 'E')).toBe('');
  });

  it('throws BadResponseXml on text that is not the type S3 means', () => {
    expect(badXmlOf(() => childInteger(root, 'Bad')).message).toMatch(/<Bad> is not an integer/);
    expect(badXmlOf(() => childBoolean(root, 'N')).message).toMatch(/<N> is not a boolean/);
    expect(badXmlOf(() => childDate(root, 'Bad')).message).toMatch(/<Bad> is not a date/);
  });

  it('expectRoot names the root that came instead, and an error code', () => {
    expect(badXmlOf(() => expectRoot(parseXml('<Other/>'), 'R')).message).toMatch(/expected <R>, got <Other>/);
    expect(badXmlOf(() => expectRoot(parseXml('<Error><Code>SlowDown</Code></Error>'), 'R')).message).toMatch(/with code SlowDown/);
  });
});
