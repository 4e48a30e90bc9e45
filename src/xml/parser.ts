// The one fast-xml-parser set-up for every S3 response, and the small accessors the result
// parsers read it with. A body that is not the XML asked for is an IntegrityError `BadResponseXml`.
import type { X2jOptions } from 'fast-xml-parser';
import { IntegrityError } from '../errors.ts';
import { toObject, type OrderedNode, type StopNodes } from './ordered.ts';
import { cutEntries, placeEntries, plainContent, Scope } from './plain-content.ts';

/** An element's children by name, as fast-xml-parser leaves them (never trust the shapes). */
export type XmlElement = { readonly [name: string]: unknown };

// Elements S3 repeats inside a result. Listed by path so a single item still parses as an array
// and `<Error>` as a document root stays one element.
const LIST_ELEMENTS: ReadonlySet<string> = new Set([
  'ListAllMyBucketsResult.Buckets.Bucket',
  'ListBucketResult.Contents',
  'ListBucketResult.CommonPrefixes',
  'ListPartsResult.Part',
  'ListMultipartUploadsResult.Upload',
  'ListMultipartUploadsResult.CommonPrefixes',
  'DeleteResult.Deleted',
  'DeleteResult.Error',
]);

// The five predefined entities and numeric character references, decoded in one pass so that
// `&amp;#x9;` stays the text `&#x9;`. S3 writes control characters in keys as `&#xD;` and the
// like (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html#object-key-xml-related-constraints),
// which fast-xml-parser decodes only with its HTML entity table switched on. Anything else
// (an undefined `&name;`) is left as it came.
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** @internal Exported for its differential test (test/xml/decoders.test.ts). */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  // MinIO quotes every ETag as `&#34;`: two in each entry of a listing, and a replace with a
  // callback per reference cost ~1.3 ms a 1,000-key page (~0.4 ms this way). Decoding them first
  // is the same as in the one pass: a reference holds no `&`, so none starts before one and ends
  // in it, and the `"` put in its place cannot join what is left into a new one.
  const quoted = text.replaceAll('&#34;', '"');
  if (!quoted.includes('&')) return quoted;
  return quoted.replace(REFERENCE, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}

// CDATA is literal text, but fast-xml-parser hands it to tagValueProcessor like any other text;
// rewriting it as escaped text first keeps `decodeReferences` from decoding inside it.
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

function inlineCdata(text: string): string {
  if (!text.includes('<![CDATA[')) return text;
  return text.replace(CDATA, (_, data: string) => data.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}

/** @internal fast-xml-parser's options (exported for the differential test of ordered.ts). */
export const OPTIONS: Partial<X2jOptions> = {
  // S3 puts nothing we read in attributes (only xmlns and xsi:type), so none are kept.
  ignoreAttributes: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Values stay strings; the accessors below turn them into numbers, dates and booleans.
  parseTagValue: false,
  // Keys may start or end with whitespace or be only whitespace: text must reach us untrimmed.
  trimValues: false,
  // Off because its counter throws past 1000 expansions per document, and a 1000-key listing
  // has 2000 `&quot;` in its ETags; decodeReferences does the job instead, in one pass.
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_name, value) => decodeReferences(value),
};

/** @internal A list element by its path (ordered.ts asks for each element's first occurrence). */
export const isList = (path: string) => LIST_ELEMENTS.has(path);

/** fast-xml-parser's parse step, as its XMLParser.parse runs it (fast-xml-parser is pinned). */
type Parse = (xml: string) => unknown;

// The entries of a listing, of a part list and of an upload list (up to 1,000 a response) are
// read by plain-content.ts, not by fast-xml-parser: a 1,000-key MinIO page in 8.1 ms on Node
// instead of 12.8 (10.2 instead of 17.3 under Bun), 1,000 parts in 8.5 instead of 12.5 (warm
// loops, 2026-12-02), with fast-xml-parser finding each entry (stopNodes, below). Since
// 2026-12-04 the entries are cut out of the document first (cutEntries), CommonPrefixes and a
// DeleteObjects result's Deleted and Error too, and each tag of an entry is checked once a
// document (plain-content.ts's Scope): the MinIO page in 2.4 ms instead of 6.8 (1.8 instead of
// 6.4 under Bun), 1,000 parts in 1.6 instead of 4.5, 1,000 CommonPrefixes in 0.5 instead of 2.3,
// 1,000 Deleted in 0.4 instead of 2.0 (warm loops on MinIO-shaped documents, this build and the
// one before interleaved). A document whose entries cannot be cut out so goes through the stop
// nodes, and one with an entry that is not plain XML (attributes, comments, CDATA...) is parsed
// whole by fast-xml-parser. The stop nodes leave out the lists whose entries hold one element
// (<Deleted><Key>, <CommonPrefixes><Prefix>): 1,000 of those took 5% longer that way.
const STOP_PATHS: ReadonlySet<string> = new Set(['ListBucketResult.Contents', 'ListPartsResult.Part', 'ListMultipartUploadsResult.Upload']);

let parser: Parse | undefined;
/** Without stop nodes: every element read by fast-xml-parser (for documents with an entry that is not plain). */
let fullParser: Parse | undefined;
let loading: Promise<void> | undefined;

// Two of the three modules fast-xml-parser's XMLParser.parse() uses, imported one by one: its
// package entry also bundles the XML builder and validator, and XMLParser.js the validator
// (together ~4 KB of a web bundle, gzipped), none of which we call. The third, node2json, is
// replaced by ordered.ts, which does its step for our options in a third of its time. Pinned
// (4.5.7) because these are its files, not its API (types in fast-xml-parser.d.ts); test/xml
// exercises every S3 result shape through them.

/**
 * Load fast-xml-parser on first need rather than at import: its CommonJS files cost ~20 ms of
 * start-up. The request pipeline starts this alongside the first request and awaits it before
 * any response is parsed.
 */
export function loadXmlParser(): Promise<void> {
  return (loading ??= Promise.all([
    import('fast-xml-parser/src/xmlparser/OptionsBuilder.js'),
    import('fast-xml-parser/src/xmlparser/OrderedObjParser.js'),
  ]).then(([{ buildOptions }, { default: Ordered }]) => {
    const run = (options: unknown, xml: string, stop?: StopNodes) => {
      const ordered = new Ordered(options);
      ordered.addExternalEntities({});
      return toObject(ordered.parseXml(xml) as OrderedNode[], isList, undefined, stop);
    };
    const full = buildOptions(OPTIONS);
    fullParser = (xml) => run(full, xml);
    const stopped = buildOptions({
      ...OPTIONS,
      stopNodes: [...STOP_PATHS],
      // A stop node's content comes to this processor whole: it is left as it is, for plainContent.
      tagValueProcessor: (_name, value, jPath) => (STOP_PATHS.has(jPath) ? undefined : decodeReferences(value)),
    });
    parser = (xml) => {
      // The entries cut out: fast-xml-parser reads the rest, and the entries go where their empty
      // ones are. If those are not all in the root's lists, entries were somewhere else too, and
      // the document is read as it came.
      const cut = cutEntries(xml, isList, decodeReferences);
      if (cut) {
        const document = run(full, cut.skeleton);
        if (placeEntries(document, cut)) return document;
      }
      let plain = true;
      let scope: Scope | undefined;
      const stop: StopNodes = {
        paths: STOP_PATHS,
        read(raw, path) {
          if (scope?.path !== path) scope = new Scope(path);
          const value = plainContent(raw, path, isList, decodeReferences, scope);
          if (value !== undefined) return value;
          plain = false;
          return '';
        },
      };
      const document = run(stopped, xml, stop);
      // An entry that is not plain: the whole document again, once, rather than one parse per
      // such entry. A 1,000-key page whose every entry has an attribute (no server seen does
      // that) takes 23.8 ms against 15.3 before the stop nodes (37-41 one entry at a time). The
      // entries after it were still read, so one that is not XML is refused all the same.
      return plain ? document : run(full, xml);
    };
  }));
}

/** @internal parseXml with every element read by fast-xml-parser, for the differential test of the stop nodes. */
export function parseXmlFully(text: string): XmlElement {
  return parseWith(text, fullParser);
}

// No DTDs: S3 never sends one, and entity definitions are how XML bombs and XXE get in.
const DECLARATION = /<!(?:DOCTYPE|ENTITY)/i;

/**
 * Parses an S3 response body. Returns the document node: its only child is the root element,
 * so the accessors below read the root like any other child.
 * Throws badXml() on a DTD, on no root or several, and on a body cut off before the root closes.
 */
export function parseXml(text: string): XmlElement {
  return parseWith(text, parser);
}

function parseWith(text: string, parse: Parse | undefined): XmlElement {
  if (text.includes('<!') && DECLARATION.test(text)) {
    throw badXml('DOCTYPE and ENTITY declarations are refused');
  }
  // Whitespace outside the root is insignificant, and S3 sends some as keep-alive before a
  // slow CompleteMultipartUpload or CopyObject result.
  const source = inlineCdata(text.trim());
  if (!parse) throw new Error('the XML parser is not loaded yet: await loadXmlParser() first');
  let document: unknown;
  try {
    document = parse(source);
  } catch (cause) {
    throw badXml(cause instanceof Error ? cause.message : 'unparseable', cause);
  }
  const names = isElement(document) ? Object.keys(document) : [];
  const root = names[0];
  if (root === undefined || names.length !== 1) {
    throw badXml(`expected one root element, found ${names.length}`);
  }
  // fast-xml-parser closes open elements at end of input; a truncated listing must not pass
  // for a short one.
  if (!closesRoot(source, root)) {
    throw badXml(`<${root}> is not closed (truncated body?)`);
  }
  return document as XmlElement;
}

function closesRoot(source: string, root: string): boolean {
  const lastTag = source.slice(source.lastIndexOf('<'));
  if (!lastTag.endsWith('>')) return false;
  const selfClosing = !lastTag.startsWith('</');
  if (selfClosing && !lastTag.endsWith('/>')) return false;
  const qualifiedName = lastTag.slice(selfClosing ? 1 : 2).split(/[\s/>]/, 1)[0] ?? '';
  return qualifiedName.slice(qualifiedName.indexOf(':') + 1) === root;
}

/** The failure for a body that is not the XML we asked for. */
export function badXml(message: string, cause?: unknown): IntegrityError {
  return new IntegrityError('BadResponseXml', `S3 response XML: ${message}`, cause === undefined ? undefined : { cause });
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name of the document's root element (parseXml guarantees there is exactly one). */
export function rootName(document: XmlElement): string {
  return Object.keys(document)[0] ?? '';
}

// Own properties only: a `<__proto__>` element must not make other names readable.
function child(parent: XmlElement, name: string): unknown {
  const value = Object.hasOwn(parent, name) ? parent[name] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  // An element with children keeps its own text (here only whitespace) under '#text'.
  const text = isElement(value) ? value['#text'] : undefined;
  return typeof text === 'string' ? text : '';
}

/** A child element's children; an empty or text-only child reads as having none. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  const value = child(parent, name);
  if (value === undefined) return undefined;
  return isElement(value) ? value : {};
}

/** Every child element of that name, in document order, whether or not isArray listed it. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  const value = Object.hasOwn(parent, name) ? parent[name] : undefined;
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => (isElement(item) ? item : {}));
}

/** A child's text exactly as sent (entities decoded, nothing trimmed); '' for an empty element. */
export function childText(parent: XmlElement, name: string): string | undefined {
  const value = child(parent, name);
  return value === undefined ? undefined : textOf(value);
}

// Numbers, dates and booleans read leniently around whitespace; an empty element counts as absent.
function childValue(parent: XmlElement, name: string): string | undefined {
  const text = childText(parent, name)?.trim();
  return text === '' ? undefined : text;
}

export function childInteger(parent: XmlElement, name: string): number | undefined {
  const text = childValue(parent, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw badXml(`<${name}> is not an integer: ${JSON.stringify(text)}`);
  return Number(text);
}

export function childBoolean(parent: XmlElement, name: string): boolean | undefined {
  const text = childValue(parent, name)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') {
    throw badXml(`<${name}> is not a boolean: ${JSON.stringify(text)}`);
  }
  return text === 'true';
}

/** S3 sends ISO 8601 (`2006-02-03T16:45:09.000Z`). */
export function childDate(parent: XmlElement, name: string): Date | undefined {
  const text = childValue(parent, name);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw badXml(`<${name}> is not a date: ${JSON.stringify(text)}`);
  return date;
}

/** For the elements S3 always sends and a result is meaningless without. */
export function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw badXml(`<${path}> is missing`);
  return value;
}

/** The root element's children, or badXml() naming what came instead. */
export function expectRoot(document: XmlElement, name: string): XmlElement {
  const found = rootName(document);
  if (found !== name) {
    // An <Error> here means the caller skipped parseError; its code says more than the root name.
    const code = found === 'Error' ? childText(childElement(document, found) ?? {}, 'Code') : undefined;
    throw badXml(`expected <${name}>, got <${found}>${code ? ` with code ${code}` : ''}`);
  }
  return childElement(document, name) ?? {};
}
