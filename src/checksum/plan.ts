// How a request carries its checksum: bytes in memory are hashed up front and the value goes in
// a header; a stream is hashed as it is sent and the value follows it as an aws-chunked trailer,
// so the stream is still read only once.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
import { base64Encode } from '../sigv4/base64.ts';
import { checksumHeader, checksumOf, checksumValueLength, createChecksum, tap, type ChecksumAlgorithm, type HashFactory } from './checksum.ts';

const SDK_ALGORITHM = 'x-amz-sdk-checksum-algorithm';
const utf8 = new TextEncoder();

export interface ChecksumTrailer {
  readonly name: string;
  /** Base64 length of the value: the Content-Length is known before the body is read. */
  readonly valueLength: number;
  /** For one attempt: the body to send, and the value once the body has been read. */
  start(source: AsyncIterable<Uint8Array>): { body: AsyncIterable<Uint8Array>; value(): Promise<string> };
}

export interface ChecksumPlan {
  readonly headers: Record<string, string>;
  readonly trailer?: ChecksumTrailer;
}

export async function planChecksum(
  algorithm: ChecksumAlgorithm,
  body: string | Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  hash: HashFactory | undefined,
): Promise<ChecksumPlan> {
  const name = checksumHeader(algorithm);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? utf8.encode(body) : body;
    return { headers: { [name]: await checksumOf(algorithm, bytes, hash), [SDK_ALGORITHM]: algorithm } };
  }
  // Fail before anything is sent when the runtime cannot hash this algorithm.
  createChecksum(algorithm, hash);
  return {
    headers: { 'x-amz-trailer': name, [SDK_ALGORITHM]: algorithm },
    trailer: {
      name,
      valueLength: checksumValueLength(algorithm),
      start(source) {
        const sum = createChecksum(algorithm, hash);
        return { body: tap(source, sum), value: async () => base64Encode(await sum.digest()) };
      },
    },
  };
}
