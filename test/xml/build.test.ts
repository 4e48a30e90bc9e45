import { describe, expect, it } from 'vitest';
import { isS3WireError } from '../../src/errors.ts';
import { buildCompleteMultipartUpload, buildCreateBucketConfiguration, buildDeleteObjects } from '../../src/xml/build.ts';
import { childElement, childElements, childText, expectRoot, parseXml } from '../../src/xml/parser.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

const NASTY_KEYS = [
  'plain.txt',
  'tab\there',
  'line\nfeed',
  'cr\rand crlf\r\n',
  `<>&"'`,
  ']]>',
  '&amp; stays &amp;',
  '&#x9; literal',
  '  leading and trailing  ',
  ' ',
  '   ',
  '\t\n\r',
  'ünïcødé/日本語/😀/𝄞',
  'a+b %20 c?d#e',
  '\u007f\u0085\u00a0\u2028 allowed',
  '\ufeffbom',
];

function keysOf(xml: string): (string | undefined)[] {
  return childElements(expectRoot(parseXml(xml), 'Delete'), 'Object').map((o) => childText(o, 'Key'));
}

describe('buildDeleteObjects', () => {
  it('writes the documented shape', () => {
    expect(buildDeleteObjects([{ key: 'sample1.txt' }, { key: 'sample2.txt', versionId: 'OYcLXagmS.WaD..oyH4KRguB95_YhLs7' }], true)).toBe(
      `${PROLOG}<Delete ${NS}><Quiet>true</Quiet><Object><Key>sample1.txt</Key></Object>` +
        '<Object><Key>sample2.txt</Key><VersionId>OYcLXagmS.WaD..oyH4KRguB95_YhLs7</VersionId></Object></Delete>',
    );
    expect(buildDeleteObjects([{ key: 'a' }], false)).toBe(`${PROLOG}<Delete ${NS}><Object><Key>a</Key></Object></Delete>`);
  });

  it('escapes markup, and whitespace that parsers would change, as references', () => {
    expect(buildDeleteObjects([{ key: ` <a href="x">&'\t\n\r ` }], false)).toContain(
      '<Key>&#x20;&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#x9;&#xA;&#xD;&#x20;</Key>',
    );
    expect(buildDeleteObjects([{ key: '   ' }], false)).toContain('<Key>&#x20;&#x20;&#x20;</Key>');
    expect(buildDeleteObjects([{ key: 'a b' }], false)).toContain('<Key>a b</Key>');
  });

  it('round-trips every nasty key byte-exact through our own parser', () => {
    const xml = buildDeleteObjects(NASTY_KEYS.map((key) => ({ key })), false);
    expect(keysOf(xml)).toEqual(NASTY_KEYS);
  });

  it('round-trips version ids too', () => {
    const xml = buildDeleteObjects([{ key: 'k', versionId: 'v&<1>' }], true);
    const object = childElement(expectRoot(parseXml(xml), 'Delete'), 'Object')!;
    expect(childText(object, 'VersionId')).toBe('v&<1>');
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000', 1],
    ['SOH', '\u0001', 'U+0001', 0],
    ['BS', 'ab\u0008', 'U+0008', 2],
    ['VT', '\u000b', 'U+000B', 0],
    ['FF', '\u000c', 'U+000C', 0],
    ['US', 'x\u001f', 'U+001F', 1],
    ['U+FFFE', '\ufffe', 'U+FFFE', 0],
    ['U+FFFF', '\uffff', 'U+FFFF', 0],
    ['a lone high surrogate', 'a\ud800', 'U+D800', 1],
    ['a lone low surrogate', '\udc00b', 'U+DC00', 0],
  ])('refuses a key with %s, as ArgumentError InvalidKey naming the character', (_, key, codePoint, index) => {
    let error: unknown;
    try {
      buildDeleteObjects([{ key: 'fine' }, { key }], false);
    } catch (e) {
      error = e;
    }
    expect(isS3WireError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ArgumentError', code: 'InvalidKey' });
    expect((error as Error).message).toContain(`${codePoint} at index ${index}`);
  });
});

describe('buildCompleteMultipartUpload', () => {
  it('writes parts in ascending part number, ETags with their quotes', () => {
    const parts = [
      { partNumber: 3, eTag: '"acbd18db4cc2f85cedef654fccc4a4d8"' },
      { partNumber: 1, eTag: '"a54357aff0632cce46d942af68356b38"' },
      { partNumber: 2, eTag: '"0c78aef83f66abc1fa1e8477f296d394"' },
    ];
    const xml = buildCompleteMultipartUpload(parts);
    expect(xml).toBe(
      `${PROLOG}<CompleteMultipartUpload ${NS}>` +
        '<Part><PartNumber>1</PartNumber><ETag>&quot;a54357aff0632cce46d942af68356b38&quot;</ETag></Part>' +
        '<Part><PartNumber>2</PartNumber><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag></Part>' +
        '<Part><PartNumber>3</PartNumber><ETag>&quot;acbd18db4cc2f85cedef654fccc4a4d8&quot;</ETag></Part></CompleteMultipartUpload>',
    );
    // The caller's array is left as it was.
    expect(parts.map((p) => p.partNumber)).toEqual([3, 1, 2]);
    const read = childElements(expectRoot(parseXml(xml), 'CompleteMultipartUpload'), 'Part').map((p) => [childText(p, 'PartNumber'), childText(p, 'ETag')]);
    expect(read).toEqual([
      ['1', '"a54357aff0632cce46d942af68356b38"'],
      ['2', '"0c78aef83f66abc1fa1e8477f296d394"'],
      ['3', '"acbd18db4cc2f85cedef654fccc4a4d8"'],
    ]);
  });

  it('sorts numerically, not as text', () => {
    const xml = buildCompleteMultipartUpload([10, 9, 100, 1].map((partNumber) => ({ partNumber, eTag: 'e' })));
    expect([...xml.matchAll(/<PartNumber>(\d+)</g)].map((m) => m[1])).toEqual(['1', '9', '10', '100']);
  });
});

describe('buildCreateBucketConfiguration', () => {
  it('names any region but us-east-1', () => {
    expect(buildCreateBucketConfiguration('eu-west-1')).toBe(
      `${PROLOG}<CreateBucketConfiguration ${NS}><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`,
    );
  });

  it.each([['us-east-1'], [''], [undefined]])('sends no body for %j', (region) => {
    expect(buildCreateBucketConfiguration(region)).toBeUndefined();
  });
});
