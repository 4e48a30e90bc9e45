// ordered.ts against what it replaces: fast-xml-parser's own node2json prettify, with the options
// src/xml/parser.ts sets, on random documents and on S3 shapes. Both read the same ordered tree
// from fast-xml-parser's OrderedObjParser, so any difference is in the conversion.
import { describe, expect, it } from 'vitest';
import { buildOptions } from 'fast-xml-parser/src/xmlparser/OptionsBuilder.js';
import Ordered from 'fast-xml-parser/src/xmlparser/OrderedObjParser.js';
// @ts-expect-error: node2json has no types (src no longer imports it)
import { prettify } from 'fast-xml-parser/src/xmlparser/node2json.js';
import { toObject, type OrderedNode } from '../../src/xml/ordered.ts';
import { isList, OPTIONS } from '../../src/xml/parser.ts';
import { seeded } from '../seeded.ts';

const options = buildOptions({ ...OPTIONS, isArray: (_name: string, jPath: string) => isList(jPath) });
function tree(xml: string): OrderedNode[] {
  const p = new Ordered(options);
  p.addExternalEntities({});
  return p.parseXml(xml) as OrderedNode[];
}
const both = (xml: string) => {
  const ordered = tree(xml);
  return { ours: toObject(ordered, isList), theirs: (prettify as (n: unknown, o: unknown) => unknown)(ordered, options) };
};

// Seeded (test/seeded.ts), so a failure replays with ORDERED_SEED.
const random = seeded;

const NAMES = ['Contents', 'Key', 'Size', 'CommonPrefixes', 'Prefix', 'Bucket', 'Buckets', 'Part', 'Upload', 'Deleted', 'Error', 'Owner', 'constructor', 'toString', 'x'];
const TEXTS = ['', ' ', '\n  ', 'a', 'a b', '&amp;', '&#34;q&#34;', '&lt;x&gt;', '0', 'ü🎉', '  edge  '];

function element(rnd: () => number, depth: number): string {
  const name = NAMES[Math.floor(rnd() * NAMES.length)]!;
  if (rnd() < 0.15) return `<${name}/>`;
  let inner = '';
  const parts = depth > 3 ? 1 : Math.floor(rnd() * 5);
  for (let i = 0; i < parts; i++) {
    if (rnd() < 0.4) {
      inner += TEXTS[Math.floor(rnd() * TEXTS.length)]!;
      continue;
    }
    const child = element(rnd, depth + 1);
    inner += child;
    // Repeats of the same element, as S3 lists do.
    for (let r = rnd() < 0.3 ? Math.floor(rnd() * 3) + 1 : 0; r > 0; r--) inner += child;
  }
  return `<${name}>${inner}</${name}>`;
}

describe('ordered.ts toObject', () => {
  it('equals fast-xml-parser prettify on 3000 random documents', () => {
    const seed = Number(process.env.ORDERED_SEED ?? 7);
    const rnd = random(seed);
    for (let i = 0; i < 3000; i++) {
      const root = ['ListBucketResult', 'ListAllMyBucketsResult', 'DeleteResult', 'ListPartsResult', 'Error'][i % 5]!;
      let body = '';
      for (let j = Math.floor(rnd() * 6); j > 0; j--) {
        const part = rnd() < 0.2 ? TEXTS[Math.floor(rnd() * TEXTS.length)]! : element(rnd, 0);
        body += rnd() < 0.3 ? part + part : part;
      }
      const xml = `<?xml version="1.0"?><${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</${root}>`;
      const { ours, theirs } = both(xml);
      expect(ours, xml).toEqual(theirs);
    }
  });

  it('equals it on S3 shapes: one and many list entries, mixed text, empty elements', () => {
    for (const xml of [
      '<ListBucketResult><Name>b</Name><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>',
      '<ListBucketResult><Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents><Contents><Key>c</Key></Contents></ListBucketResult>',
      '<ListAllMyBucketsResult><Buckets><Bucket><Name>x</Name></Bucket></Buckets><Owner><ID>1</ID></Owner></ListAllMyBucketsResult>',
      '<DeleteResult><Deleted><Key>k</Key></Deleted><Error><Key>e</Key><Code>AccessDenied</Code></Error></DeleteResult>',
      '<Error><Code>NoSuchKey</Code><Message></Message><Key>  </Key></Error>',
      '<CompleteMultipartUploadResult>\n  <Location>l</Location>\n  <ETag>&quot;e&quot;</ETag>\n</CompleteMultipartUploadResult>',
      '<A>text<B>b</B>more<B>c</B>tail</A>',
      '<A><__proto__>p</__proto__><constructor>c</constructor></A>',
    ]) {
      const { ours, theirs } = both(xml);
      expect(ours, xml).toEqual(theirs);
    }
  });

  it('keeps a single list entry a list and a single other element a value', () => {
    const { ours } = both('<ListBucketResult><Name>b</Name><Contents><Key>a</Key></Contents></ListBucketResult>');
    expect(ours).toEqual({ ListBucketResult: { Name: 'b', Contents: [{ Key: 'a' }] } });
  });
});
