// Request bodies as users hold them, turned into what the transport sends, with the length when it
// can be known without reading the body.
import { ArgumentError } from '../errors.ts';
import { iterateWebStream } from '../http/streams.ts';
import type { RequestBody } from '../http/types.ts';

/** What putObject and uploadPart accept. */
export type BodyInput = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface PreparedBody {
  readonly body: RequestBody;
  /** Known length in bytes, or undefined for a stream of unknown length. */
  readonly length: number | undefined;
}

const utf8 = new TextEncoder();

export function prepareBody(input: BodyInput, declaredLength?: number): PreparedBody {
  if (typeof input === 'string') {
    const bytes = utf8.encode(input);
    return { body: bytes, length: bytes.length };
  }
  if (input instanceof Uint8Array) return { body: input, length: input.length };
  if (input instanceof ArrayBuffer) return { body: new Uint8Array(input), length: input.byteLength };
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return { body: input.stream() as ReadableStream<Uint8Array>, length: input.size };
  }
  if (input instanceof ReadableStream || (input && typeof (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function')) {
    return { body: input as RequestBody, length: declaredLength };
  }
  throw new ArgumentError('InvalidBody', 'body must be a string, Uint8Array/Buffer, ArrayBuffer, Blob, Node Readable or web ReadableStream');
}

/** Iterate any stream body (web streams are async-iterable on Node, Bun and Deno; not everywhere). */
export async function* iterate(body: RequestBody): AsyncGenerator<Uint8Array> {
  if (typeof body === 'string') {
    yield utf8.encode(body);
  } else if (body instanceof Uint8Array) {
    yield body;
  } else if (body instanceof ReadableStream) {
    yield* iterateWebStream(body);
  } else {
    for await (const piece of body) yield typeof piece === 'string' ? utf8.encode(piece) : piece;
  }
}
