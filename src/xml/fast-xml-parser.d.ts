// Types for the two fast-xml-parser 4.5.7 modules src/xml/parser.ts imports one by one
// (the package types only its entry).
declare module 'fast-xml-parser/src/xmlparser/OptionsBuilder.js' {
  import type { X2jOptions } from 'fast-xml-parser';
  export function buildOptions(options: Partial<X2jOptions>): unknown;
}
declare module 'fast-xml-parser/src/xmlparser/OrderedObjParser.js' {
  export default class OrderedObjParser {
    constructor(options: unknown);
    addExternalEntities(entities: Record<string, string>): void;
    parseXml(xml: string): unknown;
  }
}
