// aws-chunked bodies: the payload cut into chunks, each framed with its size and, when signed,
// a signature chained from the previous one (the seed is the request's header signature).
// The entry s3wire/sigv4/aws-chunked, for either signer (it uses the signer's own crypto).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html

import { CHUNK_ALGORITHM, EMPTY_SHA256, TRAILER_ALGORITHM } from './constants.ts';
import type { AsyncSigner, Signer } from './signer.ts';
import type { SignatureSteps } from './types.ts';

/** What the encoder needs from a signer. `S` is `string` (node:crypto) or `Promise<string>` (WebCrypto). */
export interface ChunkSigner<S = string> {
  signChunk(previousSignature: string, data: Uint8Array): S;
  /** `trailerText` is the trailing headers as `name:value\n` lines. */
  signTrailer(previousSignature: string, trailerText: string): S;
}

/** What chunk signatures take from the seed (the request's header signature). */
export type SeedScope = Pick<SignatureSteps, 'amzDate' | 'credentialScope'>;

/** The string to sign of one chunk. */
export function planChunk(seed: SeedScope, previousSignature: string, chunkHash: string): string {
  return CHUNK_ALGORITHM + '\n' + seed.amzDate + '\n' + seed.credentialScope + '\n' + previousSignature + '\n' + EMPTY_SHA256 + '\n' + chunkHash;
}

/** The string to sign of the trailing headers. */
export function planTrailer(seed: SeedScope, previousSignature: string, trailerHash: string): string {
  return TRAILER_ALGORITHM + '\n' + seed.amzDate + '\n' + seed.credentialScope + '\n' + previousSignature + '\n' + trailerHash;
}

/** Chunk signatures chained from `seed`, with the signer's crypto and cached signing key. */
export function chunkSigner(signer: Signer, seed: SeedScope): ChunkSigner;
export function chunkSigner(signer: AsyncSigner, seed: SeedScope): ChunkSigner<Promise<string>>;
export function chunkSigner(signer: Signer | AsyncSigner, seed: SeedScope): ChunkSigner<string | Promise<string>>;
export function chunkSigner(signer: Signer | AsyncSigner, seed: SeedScope): ChunkSigner<string | Promise<string>> {
  const [shortDate, region, service] = seed.credentialScope.split('/') as [string, string, string];
  if (signer.crypto.mode === 'sync') {
    const c = signer.crypto;
    const key = (signer as Signer).signingKey(shortDate, region, service);
    return {
      signChunk: (prev, data) => c.hmacHex(key, planChunk(seed, prev, c.sha256Hex(data))),
      signTrailer: (prev, text) => c.hmacHex(key, planTrailer(seed, prev, c.sha256Hex(text))),
    };
  }
  const c = signer.crypto;
  const key = (signer as AsyncSigner).signingKey(shortDate, region, service);
  return {
    signChunk: async (prev, data) => c.hmacHex(await key, planChunk(seed, prev, await c.sha256Hex(data))),
    signTrailer: async (prev, text) => c.hmacHex(await key, planTrailer(seed, prev, await c.sha256Hex(text))),
  };
}

export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** S3 rejects signed chunks under 8 KiB, except the last. */
export const MIN_CHUNK_SIZE = 8 * 1024;

const SIGNATURE_LENGTH = 64;
const CHUNK_SIG = ';chunk-signature=';
const TRAILER_SIG = 'x-amz-trailer-signature:';

export interface AwsChunkedLayout {
  /** Length of the payload before encoding (`x-amz-decoded-content-length`). */
  readonly decodedLength: number;
  readonly chunkSize: number;
  /** Chunks carry signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]). */
  readonly signed: boolean;
  /** Trailing headers: name -> length of its value (values such as base64 checksums have fixed lengths). */
  readonly trailers?: Readonly<Record<string, number>>;
}

function checkChunkSize(chunkSize: number, signed: boolean): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a whole number of bytes >= 1, got ${chunkSize}`);
  if (signed && chunkSize < MIN_CHUNK_SIZE) throw new RangeError(`chunkSize must be at least ${MIN_CHUNK_SIZE} bytes for signed chunks`);
}

/** The Content-Length of the encoded body. */
export function awsChunkedLength(layout: AwsChunkedLayout): number {
  const { decodedLength: n, chunkSize, signed } = layout;
  checkChunkSize(chunkSize, signed);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('decodedLength must be a whole number >= 0');
  const frame = (size: number) => size.toString(16).length + (signed ? CHUNK_SIG.length + SIGNATURE_LENGTH : 0) + 2 + size + 2;
  const full = Math.floor(n / chunkSize);
  const rest = n % chunkSize;
  let total = full * frame(chunkSize) + (rest > 0 ? frame(rest) : 0);
  // The final, empty chunk has no data and no CRLF after data; the message ends with CRLF.
  total += frame(0) - 2;
  const trailers = layout.trailers ? Object.entries(layout.trailers) : [];
  for (const [name, valueLength] of trailers) total += name.length + 1 + valueLength + 2;
  if (signed && trailers.length > 0) total += TRAILER_SIG.length + SIGNATURE_LENGTH + 2;
  return total + 2;
}

const ascii = new TextEncoder();
const CRLF = ascii.encode('\r\n');

/** Cut a byte stream into pieces of exactly `size` bytes (the last may be shorter). Holds one piece. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  checkChunkSize(size, false);
  let buf = new Uint8Array(size);
  let used = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      if (used === 0 && piece.length - offset >= size) {
        // A whole chunk in the input: pass a view, no copy.
        yield piece.subarray(offset, offset + size);
        offset += size;
        continue;
      }
      const n = Math.min(size - used, piece.length - offset);
      buf.set(piece.subarray(offset, offset + n), used);
      used += n;
      offset += n;
      if (used === size) {
        yield buf;
        buf = new Uint8Array(size);
        used = 0;
      }
    }
  }
  if (used > 0) yield buf.subarray(0, used);
}

export interface AwsChunkedOptions<S> {
  /** Sign each chunk (omit for STREAMING-UNSIGNED-PAYLOAD-TRAILER). */
  readonly signer?: ChunkSigner<S>;
  /** The request's header signature: the first chunk's previous signature. */
  readonly seedSignature?: string;
  readonly chunkSize?: number;
  /** Trailing headers, asked for once the body has been read (a checksum of it, say). */
  readonly trailers?: () => Record<string, string> | Promise<Record<string, string>>;
}

/**
 * Encode a body as aws-chunked. Yields the framing and the data as separate pieces so no chunk
 * is copied; holds at most one chunk.
 */
export async function* awsChunked<S extends string | Promise<string>>(
  source: AsyncIterable<Uint8Array>,
  options: AwsChunkedOptions<S>,
): AsyncGenerator<Uint8Array> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const { signer } = options;
  checkChunkSize(chunkSize, signer !== undefined);
  if (signer && !options.seedSignature) throw new TypeError('a signed aws-chunked body needs the seed signature');
  let previous = options.seedSignature ?? '';
  const frameHead = async (data: Uint8Array): Promise<Uint8Array> => {
    const size = data.length.toString(16);
    if (!signer) return ascii.encode(size + '\r\n');
    previous = await signer.signChunk(previous, data);
    return ascii.encode(size + CHUNK_SIG + previous + '\r\n');
  };
  for await (const chunk of rechunk(source, chunkSize)) {
    yield await frameHead(chunk);
    yield chunk;
    yield CRLF;
  }
  yield await frameHead(new Uint8Array(0));
  const trailers = options.trailers ? Object.entries(await options.trailers()) : [];
  if (trailers.length === 0) {
    yield CRLF;
    return;
  }
  let text = '';
  let lines = '';
  for (const [name, value] of trailers) {
    text += name + ':' + value + '\n';
    lines += name + ':' + value + '\r\n';
  }
  if (signer) lines += TRAILER_SIG + (await signer.signTrailer(previous, text)) + '\r\n';
  yield ascii.encode(lines + '\r\n');
}
