// The bytes of the large-object scenarios: a deterministic pseudo-random stream, the same in every
// process and runtime (Node and Bun), so the parent knows its SHA-256 without seeing the upload.
// Cheap to make (one copy per chunk), incompressible, and each chunk is a fresh buffer, since a
// client may keep references to the chunks it was given until the part they belong to is sent.

export const CHUNK = 64 * 1024;
const POOL = 4 * 1024 * 1024;

let pool: Uint8Array | undefined;

/** 4 MiB from xorshift32 with a fixed seed. */
function poolBytes(): Uint8Array {
  if (pool) return pool;
  const words = new Uint32Array(POOL / 4);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return (pool = new Uint8Array(words.buffer));
}

/** Chunk `i` of the stream (the last one may be short). */
export function chunkAt(i: number, total: number): Uint8Array {
  const len = Math.min(CHUNK, total - i * CHUNK);
  const p = poolBytes();
  const out = new Uint8Array(len);
  // A stride that is not a multiple of the chunk size: chunks overlap the pool at shifting offsets.
  const start = (i * 40_961) % (POOL - CHUNK);
  out.set(p.subarray(start, start + len));
  // The chunk number in its first bytes: no two chunks of one stream are equal.
  if (len >= 4) new DataView(out.buffer).setUint32(0, i);
  return out;
}

/** The stream as an async iterable of fresh chunks; its length is not announced anywhere. */
export async function* generate(total: number): AsyncGenerator<Uint8Array> {
  const n = Math.ceil(total / CHUNK);
  for (let i = 0; i < n; i++) yield chunkAt(i, total);
}

/** A 4 KiB object body of its own for each index. */
export function smallBody(i: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const p = poolBytes();
  const start = (i * 997) % (POOL - size);
  out.set(p.subarray(start, start + size));
  if (size >= 4) new DataView(out.buffer).setUint32(0, i);
  return out;
}
