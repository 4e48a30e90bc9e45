// workerd sends a stream request body chunked, whatever Content-Length header it was given,
// unless the stream is the readable side of a FixedLengthStream; S3 needs the length.
// https://developers.cloudflare.com/workers/runtime-apis/streams/transformstream/#fixedlengthstream

/** workerd's TransformStream that fixes the byte length (and errors on a longer or shorter body). */
declare const FixedLengthStream: new (expectedLength: number | bigint) => TransformStream<Uint8Array, Uint8Array>;

/** The body piped through a FixedLengthStream, so workerd sends `Content-Length: length`. */
export function fixedLengthStream(body: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  const { readable, writable } = new FixedLengthStream(length);
  // A failing or short source errors `readable`, and so the fetch; nothing to do with it here.
  body.pipeTo(writable).catch(() => undefined);
  return readable;
}
