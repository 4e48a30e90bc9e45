// The content of one list entry (a listing's <Contents>, a part list's <Part>, an upload list's
// <Upload>) read without fast-xml-parser's tokenizer, which reads a 1,000-key page in ~16 ms on
// Node: a string built a character at a time for every text, a node object and a path string for
// every element. Such an entry is a few leaf elements in the plainest XML there is: tags with no
// attributes, no comments, no CDATA. parser.ts has fast-xml-parser leave each entry unparsed (its
// stopNodes) and reads it here; when one is outside the plain shape (undefined here), parser.ts
// has fast-xml-parser parse the whole document after all. The result is what ordered.ts's
// toObject makes of the same element (test/xml/plain-content.test.ts checks the two against each
// other).

import { addChild, elementValue } from './ordered.ts';

/** Thrown from inside an entry that is not plain; plainContent returns undefined for it. */
const NOT_PLAIN = Symbol('not plain');

/** A tag as S3 writes it: a name, maybe a namespace prefix; no space, attribute or slash. */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/**
 * `raw`, the text between `<X>` and `</X>` of the element at `path`, as toObject reads an element:
 * each child under its name (an array when it repeats or `isList` says so), text alone as a
 * string, text beside children under '#text'; every text through `decode`. Undefined when `raw`
 * is not plain: a tag with attributes or spaces, a comment, CDATA, a declaration, a name
 * fast-xml-parser rewrites (`__proto__`, an `xmlns:` prefix). Throws when it is not XML: an
 * element or a tag not closed, a closing tag of another name or of none (fast-xml-parser, which
 * does not check that closing tags match, would read such an entry without a word).
 */
export function plainContent(raw: string, path: string, isList: (path: string) => boolean, decode: (text: string) => string): unknown {
  let at = 0;
  const unclosed = (lt: number) => new Error(`a tag is not closed: ${JSON.stringify(raw.slice(lt, lt + 40))}`);
  /** The content from `at` to `</closing>` (to the end of `raw` when closing is undefined). */
  function content(elementPath: string, closing: string | undefined): unknown {
    let out: Record<string, unknown> | undefined;
    let text: string | undefined;
    for (;;) {
      const lt = raw.indexOf('<', at);
      const end = lt < 0 ? raw.length : lt;
      if (end > at) {
        const piece = decode(raw.slice(at, end));
        text = text === undefined ? piece : text + piece;
      }
      if (lt < 0) {
        if (closing !== undefined) throw new Error(`<${closing}> is not closed`);
        break;
      }
      const gt = raw.indexOf('>', lt);
      if (gt < 0) throw unclosed(lt);
      at = gt + 1;
      if (raw.charCodeAt(lt + 1) === 0x2f /* / */) {
        const name = raw.slice(lt + 2, gt);
        if (name === closing) break;
        // `</Key >` is well formed but not plain; `</Size>` closing <Key> is not XML at all.
        if (!NAME.test(name)) throw NOT_PLAIN;
        throw new Error(closing === undefined ? `</${name}> closes nothing` : `</${name}> closes <${closing}>`);
      }
      let tag = raw.slice(lt + 1, gt);
      // A `<` inside a tag is not XML; inside a comment or a processing instruction it may be.
      const first = tag.charCodeAt(0);
      if (first !== 0x21 /* ! */ && first !== 0x3f /* ? */ && tag.includes('<')) throw unclosed(lt);
      const empty = tag.endsWith('/');
      if (empty) tag = tag.slice(0, -1);
      if (!NAME.test(tag) || tag.startsWith('xmlns:')) throw NOT_PLAIN;
      const name = tag.slice(tag.indexOf(':') + 1);
      if (name === '__proto__') throw NOT_PLAIN;
      const childPath = elementPath + '.' + name;
      const child = empty ? '' : content(childPath, tag);
      addChild((out ??= {}), name, child, isList(childPath));
    }
    return elementValue(out, text);
  }
  try {
    return content(path, undefined);
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}
