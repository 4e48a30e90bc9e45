// Every test file may parse XML directly (the client loads the parser on its first request).
import { loadXmlParser } from '../src/xml/parser.ts';

await loadXmlParser();
