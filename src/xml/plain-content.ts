// The content of one list entry (a listing's <Contents>, a part list's <Part>, an upload list's
// <Upload>) read without fast-xml-parser's tokenizer, which reads a 1,000-key page in ~16 ms on
// Node: a string built a character at a time for every text, a node object and a path string for
// every element. Such an entry is a few leaf elements in the plainest XML there is: tags with no
// attributes, no comments, no CDATA. parser.ts cuts the entries out of the document (cutEntries,
// below) or, when they cannot be cut out so, has fast-xml-parser leave each one unparsed (its
// stopNodes), and reads them here; when one is outside the plain shape (undefined here), parser.ts
// has fast-xml-parser parse the whole document after all. The result is what ordered.ts's
// toObject makes of the same element (test/xml/plain-content.test.ts checks the two against each
// other).

import { addChild, elementValue } from './ordered.ts';

/** Thrown from inside an entry that is not plain; plainContent returns undefined for it. */
const NOT_PLAIN = Symbol('not plain');

/** A tag as S3 writes it: a name, maybe a namespace prefix; no space, attribute or slash. */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/**
 * What is known of the child tags of the elements at one path, for one document: the entries of
 * a list repeat the same few tags a thousand times, and each tag is checked, and its path made
 * and looked up in isList, once.
 */
export class Scope {
  /** By tag as written (prefix and all); null for a tag that is not plain. */
  readonly #tags = new Map<string, Tag | null>();
  constructor(readonly path: string) {}

  tag(tag: string, isList: (path: string) => boolean): Tag | null {
    let t = this.#tags.get(tag);
    if (t === undefined) {
      const name = tag.slice(tag.indexOf(':') + 1);
      const path = this.path + '.' + name;
      t = NAME.test(tag) && !tag.startsWith('xmlns:') && name !== '__proto__' ? { name, list: isList(path), scope: new Scope(path) } : null;
      this.#tags.set(tag, t);
    }
    return t;
  }
}

interface Tag {
  /** Without its namespace prefix, as fast-xml-parser names it (removeNSPrefix). */
  readonly name: string;
  readonly list: boolean;
  readonly scope: Scope;
}

/** Where plainContent is in `raw`, and what it reads with. */
interface Reader {
  readonly raw: string;
  at: number;
  readonly isList: (path: string) => boolean;
  readonly decode: (text: string) => string;
}

/**
 * `raw`, the text between `<X>` and `</X>` of the element at `path`, as toObject reads an element:
 * each child under its name (an array when it repeats or `isList` says so), text alone as a
 * string, text beside children under '#text'; every text through `decode`. Undefined when `raw`
 * is not plain: a tag with attributes or spaces, a comment, CDATA, a declaration, a name
 * fast-xml-parser rewrites (`__proto__`, an `xmlns:` prefix). Throws when it is not XML: an
 * element or a tag not closed, a closing tag of another name or of none (fast-xml-parser, which
 * does not check that closing tags match, would read such an entry without a word). `scope`:
 * the tags already seen at `path` in this document, for the next entry.
 */
export function plainContent(raw: string, path: string, isList: (path: string) => boolean, decode: (text: string) => string, scope = new Scope(path)): unknown {
  try {
    return content({ raw, at: 0, isList, decode }, scope, undefined);
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}

function unclosed(raw: string, lt: number): Error {
  return new Error(`a tag is not closed: ${JSON.stringify(raw.slice(lt, lt + 40))}`);
}

/** The content from `r.at` to `</closing>` (to the end of `raw` when closing is undefined). */
function content(r: Reader, scope: Scope, closing: string | undefined): unknown {
  const { raw } = r;
  let out: Record<string, unknown> | undefined;
  let text: string | undefined;
  for (;;) {
    const at = r.at;
    const lt = raw.indexOf('<', at);
    const end = lt < 0 ? raw.length : lt;
    if (end > at) {
      const piece = r.decode(raw.slice(at, end));
      text = text === undefined ? piece : text + piece;
    }
    if (lt < 0) {
      if (closing !== undefined) throw new Error(`<${closing}> is not closed`);
      break;
    }
    const gt = raw.indexOf('>', lt);
    if (gt < 0) throw unclosed(raw, lt);
    r.at = gt + 1;
    if (raw.charCodeAt(lt + 1) === 0x2f /* / */) {
      if (closing !== undefined && gt - lt - 2 === closing.length && raw.startsWith(closing, lt + 2)) break;
      const name = raw.slice(lt + 2, gt);
      // `</Key >` is well formed but not plain; `</Size>` closing <Key> is not XML at all.
      if (!NAME.test(name)) throw NOT_PLAIN;
      throw new Error(closing === undefined ? `</${name}> closes nothing` : `</${name}> closes <${closing}>`);
    }
    let tag = raw.slice(lt + 1, gt);
    // A `<` inside a tag is not XML; inside a comment or a processing instruction it may be.
    const first = tag.charCodeAt(0);
    if (first !== 0x21 /* ! */ && first !== 0x3f /* ? */ && tag.includes('<')) throw unclosed(raw, lt);
    const empty = tag.endsWith('/');
    if (empty) tag = tag.slice(0, -1);
    const t = scope.tag(tag, r.isList);
    if (t === null) throw NOT_PLAIN;
    addChild((out ??= {}), t.name, empty ? '' : content(r, t.scope, tag), t.list);
  }
  return elementValue(out, text);
}

/**
 * The lists whose entries are cut out (cutEntries): the root element's name, and its entries'.
 * Every one of these paths is a list (parser.ts's isList).
 */
const LISTS: Readonly<Record<string, readonly string[]>> = {
  ListBucketResult: ['Contents', 'CommonPrefixes'],
  ListPartsResult: ['Part'],
  ListMultipartUploadsResult: ['Upload', 'CommonPrefixes'],
  DeleteResult: ['Deleted', 'Error'],
};

/** The root element's name, after the XML declaration if there is one. */
const ROOT = /^(?:<\?xml[^>]*>\s*)?<([A-Za-z_][\w.-]*)[\s/>]/;

/** The entries of one name cut out of a document. */
interface Cut {
  /** Each entry's content as plainContent read it, in document order. */
  readonly entries: unknown[];
  /**
   * How many empty entries of this name stand for them in the skeleton: one per run of entries
   * with no tag between them (siblings, in one place). A 1,000-key page is one run, unless
   * CommonPrefixes come between its keys.
   */
  runs: number;
}

/** A list document with its entries cut out (cutEntries). */
export interface CutEntries {
  readonly root: string;
  /** The document with one empty entry (`<Contents></Contents>`) in place of each run of them; the text between entries stays. */
  readonly skeleton: string;
  /** By the entries' name. */
  readonly cuts: ReadonlyMap<string, Cut>;
}

/**
 * The entries of a listing (Contents and CommonPrefixes), a part list, an upload list or a
 * DeleteObjects result, found with a search for their tag and read by plainContent, so that
 * fast-xml-parser has only the rest to read: its tokenizer goes through a document a character at
 * a time, and a 1,000-key MinIO page is ~330 KB. The caller parses `skeleton` and puts the
 * entries in place of the empty ones (placeEntries); when that parse does not find them all where
 * entries go (entries nested inside another element), it parses the document as it came instead.
 *
 * Undefined, and the caller has fast-xml-parser find the entries, unless every `<` of the
 * document begins a tag (no comment or processing instruction but the XML declaration; parser.ts
 * rewrites CDATA as text first), the entries' tags are all a bare `<Contents>` or `</Contents>`
 * outside the entries, and every entry is plain. Nothing is thrown here: an entry that is not XML
 * is refused by the reading it then gets, the same as before.
 */
export function cutEntries(xml: string, isList: (path: string) => boolean, decode: (text: string) => string): CutEntries | undefined {
  const root = ROOT.exec(xml)?.[1] ?? '';
  const names = Object.hasOwn(LISTS, root) ? LISTS[root]! : undefined;
  if (names === undefined || xml.includes('<!') || xml.indexOf('<?', 1) >= 0) return undefined;
  const alternatives = names.join('|');
  const open = new RegExp(`<(${alternatives})>`, 'g');
  // Any tag of the entries' names: open, close or empty, with attributes or a namespace prefix.
  const anyTag = new RegExp(`</?(?:[\\w.-]+:)?(?:${alternatives})[\\s/>]`);
  const cuts = new Map<string, Cut & { scope: Scope }>();
  let last: Cut | undefined;
  let skeleton = '';
  let at = 0;
  try {
    for (;;) {
      open.lastIndex = at;
      const found = open.exec(xml);
      const gap = found ? xml.slice(at, found.index) : xml.slice(at);
      const tags = gap.includes('<');
      if (tags && anyTag.test(gap)) return undefined;
      skeleton += gap;
      if (!found) return { root, skeleton, cuts };
      const name = found[1]!;
      const close = `</${name}>`;
      const from = open.lastIndex;
      const end = xml.indexOf(close, from);
      if (end < 0) return undefined;
      let cut = cuts.get(name);
      if (!cut) cuts.set(name, (cut = { entries: [], runs: 0, scope: new Scope(`${root}.${name}`) }));
      // An entry with one of its name inside: a bare one ends it early, and plainContent then
      // throws (not closed); one with attributes is not plain; `<Contents/>` and `<s3:Contents>`
      // are read as children, as fast-xml-parser reads them.
      const value = plainContent(xml.slice(from, end), cut.scope.path, isList, decode, cut.scope);
      if (value === undefined) return undefined;
      if (cut !== last || tags) {
        cut.runs++;
        skeleton += `<${name}>${close}`;
      }
      cut.entries.push(value);
      last = cut;
      at = end + close.length;
    }
  } catch {
    return undefined;
  }
}

/**
 * The entries of `cut` put in place of their empty ones in `document`, the skeleton as toObject
 * read it. False, `document` then being of no use, when some of the empty ones are not where the
 * entries go, the root's lists (inside another element, where entries do not belong).
 */
export function placeEntries(document: unknown, cut: CutEntries): boolean {
  if (cut.cuts.size === 0) return true;
  const top = (document as Record<string, unknown>)[cut.root];
  if (typeof top !== 'object' || top === null) return false;
  const lists = top as Record<string, unknown>;
  for (const [name, { entries, runs }] of cut.cuts) {
    const empty = Object.hasOwn(lists, name) ? lists[name] : undefined;
    if (!Array.isArray(empty) || empty.length !== runs) return false;
    lists[name] = entries;
  }
  return true;
}
