// The list entries read by src/xml/plain-content.ts (fast-xml-parser leaves each <Contents>,
// <Part> and <Upload> unparsed, see parser.ts) against fast-xml-parser reading every element (parseXmlFully), on
// seeded random listings made of what servers send and of what plainContent must refuse and leave
// to fast-xml-parser; and plainContent and cutEntries themselves, so that the fast paths are known
// to be taken.
import { describe, expect, it } from 'vitest';
import { decodeReferences, isList, parseXml, parseXmlFully } from '../../src/xml/parser.ts';
import { cutEntries, plainContent } from '../../src/xml/plain-content.ts';
import { IntegrityError } from '../../src/errors.ts';
import { seeded } from '../seeded.ts';

const SEED = Number(process.env.PLAIN_CONTENT_SEED ?? 5);
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const TEXTS = ['', ' ', '\n  ', 'a', 'photos/2026/a b.jpg', '&amp;', '&lt;x&gt;', '&#34;', '&#xD;', '&#x1F600;', '&amp;#x9;', 'a>b', 'ü🎉', '%2F', '&unknown;', '  edge  '];
const LEAVES = ['Key', 'LastModified', 'ETag', 'Size', 'StorageClass', 'ChecksumAlgorithm', 'ChecksumType', 'constructor', 'toString'];
/** Well-formed XML that plainContent must leave to fast-xml-parser, each alone enough to. */
const NOT_PLAIN = ['<!-- a comment -->', '<!-- </Contents> -->', '<![CDATA[<b>&]]>', '<Key a="1">x</Key>', '<Key >x</Key>', '<Key>x</Key >', '<xmlns:p>x</xmlns:p>', '<__proto__>p</__proto__>', '<?pi x?>'];
/** Not XML: fast-xml-parser may read these without a word (it does not match closing tags); s3wire refuses them. */
const MALFORMED = ['<Key>x</Size>', '<s3:Key>x</Key>', '<Key>x', '</Key>', '<Key'];

function leaf(rnd: () => number): string {
  const name = pick(rnd, LEAVES);
  const tag = rnd() < 0.1 ? 's3:' + name : name;
  if (rnd() < 0.1) return `<${tag}/>`;
  let text = '';
  for (let i = Math.floor(rnd() * 3); i > 0; i--) text += pick(rnd, TEXTS);
  return `<${tag}>${text}</${tag}>`;
}

/** An entry's content: leaves, an Owner or RestoreStatus with children, text between, repeats. */
function entry(rnd: () => number, kind: 'plain' | 'not plain' | 'malformed'): string {
  let s = '';
  for (let i = 1 + Math.floor(rnd() * 6); i > 0; i--) {
    const r = rnd();
    if (r < 0.15) s += pick(rnd, TEXTS);
    else if (r < 0.25) s += `<Owner>${rnd() < 0.5 ? '\n    ' : ''}<ID>${pick(rnd, TEXTS)}</ID><DisplayName>${pick(rnd, TEXTS)}</DisplayName></Owner>`;
    else if (r < 0.3) s += `<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress><RestoreExpiryDate>2026-12-03T00:00:00.000Z</RestoreExpiryDate></RestoreStatus>`;
    else if (r < 0.33) s += `<Contents>${leaf(rnd)}</Contents>`; // nested: readStopNodeData counts it
    else {
      const l = leaf(rnd);
      s += rnd() < 0.2 ? l + l : l;
    }
  }
  if (kind !== 'plain') {
    const at = Math.floor(rnd() * (s.length + 1));
    // Spliced in where a tag begins or ends, or at either end, so the document stays well formed
    // where the piece is (for the pieces that are themselves well formed).
    const cut = [0, s.length, ...[...s.matchAll(/<|>/g)].map((m) => (m[0] === '<' ? m.index : m.index + 1))];
    const where = cut.reduce((best, c) => (Math.abs(c - at) < Math.abs(best - at) ? c : best), 0);
    s = s.slice(0, where) + pick(rnd, kind === 'malformed' ? MALFORMED : NOT_PLAIN) + s.slice(where);
  }
  return s;
}

function listing(rnd: () => number, malformed: boolean): string {
  let body = '<Name>bucket</Name><Prefix></Prefix><KeyCount>3</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>t&amp;1</NextContinuationToken>';
  const pretty = rnd() < 0.3;
  const entries = (malformed ? 1 : 0) + Math.floor(rnd() * 5);
  const bad = Math.floor(rnd() * entries);
  for (let i = 0; i < entries; i++) {
    const inner = entry(rnd, malformed && i === bad ? 'malformed' : rnd() < 0.75 ? 'plain' : 'not plain');
    body += (pretty ? '\n  ' : '') + (inner === '' && rnd() < 0.5 ? '<Contents/>' : `<Contents>${inner}</Contents>`);
    if (rnd() < 0.2) body += '<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>';
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}${pretty ? '\n' : ''}</ListBucketResult>`;
}

/** The document, or the kind of failure (both readings must fail as an IntegrityError alike). */
function outcome(parse: (xml: string) => unknown, xml: string): unknown {
  try {
    return parse(xml);
  } catch (e) {
    return e instanceof IntegrityError ? `IntegrityError ${e.code}` : e;
  }
}

describe('list entries read by plainContent', () => {
  it('equal fast-xml-parser reading every element, on 5,000 random well-formed listings', () => {
    const rnd = seeded(SEED);
    let cut = 0;
    for (let i = 0; i < 5_000; i++) {
      const xml = listing(rnd, false);
      expect(outcome(parseXml, xml), xml).toEqual(parseXmlFully(xml));
      if (cutEntries(xml, isList, decodeReferences)) cut++;
    }
    // Both ways of finding the entries were compared: cut out by indexOf, and by fast-xml-parser.
    expect(cut).toBeGreaterThan(1_000);
    expect(cut).toBeLessThan(4_000);
  });

  it('refuse an entry that is not XML, on 1,000 random listings with one', () => {
    const rnd = seeded(SEED + 1);
    for (let i = 0; i < 1_000; i++) {
      const xml = listing(rnd, true);
      expect(outcome(parseXml, xml), xml).toBe('IntegrityError BadResponseXml');
    }
  });

  it('equal it on 3,000 random documents of every result that has lists', () => {
    // Every list's path: those parser.ts leaves to plainContent and those it does not.
    const LISTS = ['ListBucketResult.Contents', 'ListBucketResult.CommonPrefixes', 'ListAllMyBucketsResult.Buckets.Bucket', 'ListPartsResult.Part', 'ListMultipartUploadsResult.Upload', 'ListMultipartUploadsResult.CommonPrefixes', 'DeleteResult.Deleted', 'DeleteResult.Error'];
    const rnd = seeded(SEED + 2);
    for (let i = 0; i < 3_000; i++) {
      const [root, ...inner] = pick(rnd, LISTS).split('.');
      const name = inner.pop()!;
      let entries = '';
      for (let j = Math.floor(rnd() * 4); j > 0; j--) entries += `<${name}>${entry(rnd, rnd() < 0.7 ? 'plain' : 'not plain')}</${name}>` + (rnd() < 0.3 ? leaf(rnd) : '');
      const xml = `<${root}>${leaf(rnd)}${inner.map((n) => `<${n}>`).join('')}${entries}${inner.map((n) => `</${n}>`).join('')}${leaf(rnd)}</${root}>`;
      expect(outcome(parseXml, xml), xml).toEqual(parseXmlFully(xml));
    }
  });

  it('equal it on a MinIO page and on pretty-printed entries', () => {
    const minio = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>bench/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>bench/000000.bin</Key><LastModified>2026-12-02T06:21:05.907Z</LastModified><ETag>&#34;a63c90cc3684ad8b0a2176a6a8fe9005&#34;</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>bench/a&amp;b&#xD;.bin</Key><Size>0</Size><Owner><ID>02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4</ID><DisplayName>minio</DisplayName></Owner></Contents></ListBucketResult>';
    const pretty = '<ListBucketResult>\n  <Contents>\n    <Key>k</Key>\n    <Size>1</Size>\n  </Contents>\n</ListBucketResult>';
    for (const xml of [minio, pretty]) expect(parseXml(xml), xml).toEqual(parseXmlFully(xml));
    expect(parseXml(minio)).toMatchObject({ ListBucketResult: { Contents: [{ Key: 'bench/000000.bin', ETag: '"a63c90cc3684ad8b0a2176a6a8fe9005"' }, { Key: 'bench/a&b\r.bin', Owner: { DisplayName: 'minio' } }] } });
  });

  it('are left by plainContent to fast-xml-parser when not plain, and refused when not XML', () => {
    const read = (raw: string) => plainContent(raw, 'ListBucketResult.Contents', isList, decodeReferences);
    for (const piece of NOT_PLAIN) expect(read(`<Key>k</Key>${piece}`), piece).toBeUndefined();
    for (const piece of MALFORMED) expect(() => read(`<Key>k</Key>${piece}`), piece).toThrow(/closes|not closed/);
  });

  it('are read by plainContent when plain, as toObject reads them', () => {
    const read = (raw: string) => plainContent(raw, 'ListBucketResult.Contents', isList, decodeReferences);
    expect(read('')).toBe('');
    expect(read('&lt;only text&gt;')).toBe('<only text>');
    expect(read('<Key>a&amp;b</Key><Size>1</Size><Key>c</Key><s3:ETag/>')).toEqual({ Key: ['a&b', 'c'], Size: '1', ETag: '' });
    expect(read('\n <Owner>\n  <ID>i</ID>\n </Owner>\n')).toEqual({ Owner: { ID: 'i', '#text': '\n  \n ' }, '#text': '\n \n' });
    expect(read('<constructor>c</constructor><toString/>')).toEqual({ constructor: 'c', toString: '' });
  });

  it('are cut out of a list by cutEntries only when every tag of their name is a bare one outside them', () => {
    const cut = (xml: string) => {
      const c = cutEntries(xml, isList, decodeReferences);
      const lists: Record<string, { entries: unknown[]; runs: number }> = Object.fromEntries([...(c?.cuts ?? [])].map(([name, { entries, runs }]) => [name, { entries, runs }]));
      return c && Object.assign({ skeleton: c.skeleton }, lists);
    };
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>';
    const a = '<Contents><Key>a</Key><Size>1</Size></Contents>';
    const b = '<Contents><Key>b</Key><Size>2</Size></Contents>';
    const p = '<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>';
    // Entries with no tag between them are one run, in one empty entry; the text between them stays.
    expect(cut(`${head}${a}\n ${b}</ListBucketResult>`)).toEqual({
      skeleton: `${head}<Contents></Contents>\n </ListBucketResult>`,
      Contents: { entries: [{ Key: 'a', Size: '1' }, { Key: 'b', Size: '2' }], runs: 1 },
    });
    expect(cut(`${head}${a}${p}${p}${b}</ListBucketResult>`)).toEqual({
      skeleton: `${head}<Contents></Contents><CommonPrefixes></CommonPrefixes><Contents></Contents></ListBucketResult>`,
      Contents: { entries: [{ Key: 'a', Size: '1' }, { Key: 'b', Size: '2' }], runs: 2 },
      CommonPrefixes: { entries: [{ Prefix: 'p/' }, { Prefix: 'p/' }], runs: 1 },
    });
    expect(cut('<ListPartsResult><Part><PartNumber>1</PartNumber></Part></ListPartsResult>')).toMatchObject({ Part: { entries: [{ PartNumber: '1' }], runs: 1 } });
    expect(cut(`<ListMultipartUploadsResult><Upload><UploadId>u</UploadId></Upload>${p}</ListMultipartUploadsResult>`)).toMatchObject({ Upload: { entries: [{ UploadId: 'u' }] }, CommonPrefixes: { entries: [{ Prefix: 'p/' }] } });
    expect(cut('<DeleteResult><Deleted><Key>a</Key></Deleted><Error><Key>b</Key><Code>AccessDenied</Code></Error></DeleteResult>')).toMatchObject({ Deleted: { entries: [{ Key: 'a' }] }, Error: { entries: [{ Key: 'b', Code: 'AccessDenied' }] } });
    expect(cut(`${head}</ListBucketResult>`)).toEqual({ skeleton: `${head}</ListBucketResult>` });
    // A key may say Contents, and an entry may hold an empty <Contents/> or an <s3:Contents>.
    const kept = [
      `${head}<Contents><Key>Contents/x</Key></Contents><Prefix>Contents/</Prefix></ListBucketResult>`,
      `${head}<Contents><Key>a</Key><Contents/></Contents></ListBucketResult>`,
      `${head}<Contents><s3:Contents><Key>a</Key></s3:Contents></Contents></ListBucketResult>`,
    ];
    for (const xml of kept) {
      expect(cut(xml)?.['Contents']?.runs, xml).toBe(1);
      expect(parseXml(xml), xml).toEqual(parseXmlFully(xml));
    }
    expect(parseXml(kept[2]!)).toMatchObject({ ListBucketResult: { Contents: [{ Contents: { Key: 'a' } }] } });
    const left = [
      `<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name></Bucket></Buckets></ListAllMyBucketsResult>`,
      `<Error><Contents><Key>a</Key></Contents></Error>`,
      `${head}<!-- c -->${a}</ListBucketResult>`,
      `${head}${a}<?pi x?></ListBucketResult>`,
      `${head}${a}<Contents/></ListBucketResult>`,
      `${head}${a}<CommonPrefixes a="1"><Prefix>p/</Prefix></CommonPrefixes></ListBucketResult>`,
      `<DeleteResult><Deleted><Key>a</Key></Deleted><!-- c --></DeleteResult>`,
      `${head}${a}<Contents a="1"><Key>b</Key></Contents></ListBucketResult>`,
      `${head}${a}<s3:Contents><Key>b</Key></s3:Contents></ListBucketResult>`,
      `${head}<Contents><Key>a</Key><Contents><Key>b</Key></Contents></Contents></ListBucketResult>`,
      `${head}<Contents><Key a="1">a</Key></Contents></ListBucketResult>`,
      `${head}<Contents><Key>a</Key></Contents ></ListBucketResult>`,
    ];
    for (const xml of left) {
      expect(cut(xml), xml).toBeUndefined();
      expect(outcome(parseXml, xml), xml).toEqual(outcome(parseXmlFully, xml));
    }
    // Not XML: refused by the reading that follows, not here.
    for (const xml of [`${head}<Contents><Key>a</Size></Contents></ListBucketResult>`, `${head}${a}<Contents><Key>b</Key>`]) {
      expect(cut(xml), xml).toBeUndefined();
      expect(outcome(parseXml, xml), xml).toBe('IntegrityError BadResponseXml');
    }
  });

  it('are read again by fast-xml-parser when not all cut out entries are at the top', () => {
    // Entries inside another element: cutEntries takes them out, the parse of what is left finds
    // one of the two empty entries in ListBucketResult's own, and the document is read as it came.
    const xml = '<ListBucketResult><Name>b</Name><Other><Contents><Key>a</Key></Contents></Other><Contents><Key>b</Key></Contents></ListBucketResult>';
    expect(cutEntries(xml, isList, decodeReferences)?.cuts.get('Contents')?.runs).toBe(2);
    expect(parseXml(xml)).toEqual(parseXmlFully(xml));
    expect(parseXml(xml)).toEqual({ ListBucketResult: { Name: 'b', Other: { Contents: { Key: 'a' } }, Contents: [{ Key: 'b' }] } });
  });
});
