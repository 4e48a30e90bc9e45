// fast-xml-parser's ordered tree (OrderedObjParser: a list of `{ name: children }` and
// `{ '#text': text }` nodes) turned into the object shape the accessors in parser.ts read: what
// its node2json `prettify` makes with our options (no attributes, values as strings, no
// alwaysCreateTextNode), done in one pass without its generic steps. On a 1,000-key listing,
// prettify took a third of the parse (28.6 ms of parse + prettify against 18.8 for the parse alone
// on a 203 KB page); this takes 2.9 ms (8.6 for prettify alone). test/xml checks every S3 result
// shape through it.

/** One node of the ordered tree: an element (name -> children) or a text node ('#text' -> text). */
export type OrderedNode = { readonly [name: string]: readonly OrderedNode[] | string };

const TEXT = '#text';
/** Attributes would sit under this key; we ignore attributes, so it never holds anything we read. */
const ATTRIBUTES = ':@';

/** Elements fast-xml-parser left unparsed (its stopNodes), by path, and how one's raw content is read. */
export interface StopNodes {
  readonly paths: ReadonlySet<string>;
  read(raw: string, path: string): unknown;
}

/** A child element under its name: an array when it repeats, or when `list` says it is one. */
export function addChild(out: Record<string, unknown>, name: string, child: unknown, list: boolean): void {
  if (Object.hasOwn(out, name)) {
    const existing = out[name];
    if (Array.isArray(existing)) existing.push(child);
    else out[name] = [existing, child];
  } else out[name] = list ? [child] : child;
}

/** An element as toObject makes it: its children, with its own text under '#text'; its text alone without children. */
export function elementValue(children: Record<string, unknown> | undefined, text: string | undefined): unknown {
  if (children === undefined) return text ?? '';
  if (text) children[TEXT] = text;
  return children;
}

/** A stop node's one text child: its content as it came ('' when empty). */
function rawText(nodes: readonly OrderedNode[]): string {
  const text = nodes[0]?.[TEXT];
  return typeof text === 'string' ? text : '';
}

/**
 * The children of one element as an object: each child element under its name (an array when it
 * repeats, or when `isList(path)` says it is a list), the element's own text under '#text' when
 * it also has children. An element with no child elements is its text ('' when empty).
 */
export function toObject(nodes: readonly OrderedNode[], isList: (path: string) => boolean, path?: string, stop?: StopNodes): unknown {
  let out: Record<string, unknown> | undefined;
  let text: string | undefined;
  for (const node of nodes) {
    let name: string | undefined;
    for (const k in node) {
      if (k !== ATTRIBUTES) {
        name = k;
        break;
      }
    }
    if (name === undefined) continue;
    const value = node[name]!;
    if (name === TEXT) {
      text = text === undefined ? (value as string) : text + (value as string);
      continue;
    }
    const childPath = path === undefined ? name : path + '.' + name;
    const child = stop?.paths.has(childPath) ? stop.read(rawText(value as readonly OrderedNode[]), childPath) : toObject(value as readonly OrderedNode[], isList, childPath, stop);
    addChild((out ??= {}), name, child, isList(childPath));
  }
  return elementValue(out, text);
}
