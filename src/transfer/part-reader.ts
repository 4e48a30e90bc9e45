// Cut a body into parts of a given size, holding only the part being filled. Counts what it hands
// out, so a stream whose declared length is wrong fails instead of uploading different bytes.
// Part buffers it filled itself can be handed back once sent and are reused: a 256 MiB upload
// otherwise leaves 32 dead 8 MiB buffers for V8 to free late, and peak RSS grows with them.
import { IntegrityError } from '../errors.ts';

export class PartReader {
  readonly #it: AsyncIterator<Uint8Array>;
  #rest: Uint8Array | undefined;
  #read = 0;
  #done = false;
  readonly #owned = new WeakSet<Uint8Array>();
  readonly #free: Uint8Array[] = [];

  constructor(
    source: AsyncIterable<Uint8Array>,
    /** The length the caller declared, if any. */
    readonly declared: number | undefined,
  ) {
    this.#it = source[Symbol.asyncIterator]();
  }

  /** The total: as declared, or counted once the stream has ended. */
  get total(): number | undefined {
    return this.declared ?? (this.#done ? this.#read : undefined);
  }

  /** The next `size` bytes (fewer at the end), or undefined when there are none left. */
  async read(size: number): Promise<Uint8Array | undefined> {
    let buf: Uint8Array | undefined;
    let used = 0;
    while (used < size) {
      let piece = this.#rest;
      this.#rest = undefined;
      if (!piece) {
        if (this.#done) break;
        const r = await this.#it.next();
        if (r.done) {
          this.#done = true;
          break;
        }
        piece = r.value;
      }
      if (!buf && piece.length >= size) {
        // The whole part lies in one piece (a body in memory, say): a view, no copy.
        if (piece.length > size) this.#rest = piece.subarray(size);
        buf = piece.subarray(0, size);
        used = size;
        break;
      }
      buf ??= this.#take(size);
      const n = Math.min(size - used, piece.length);
      buf.set(n === piece.length ? piece : piece.subarray(0, n), used);
      used += n;
      if (n < piece.length) this.#rest = piece.subarray(n);
    }
    this.#read += used;
    const { declared } = this;
    if (declared !== undefined && (this.#read > declared || (this.#done && this.#read !== declared))) {
      throw new IntegrityError('LengthMismatch', `the body has ${this.#done ? this.#read : `more than ${declared}`} bytes, but contentLength says ${declared}`);
    }
    if (!buf || used === 0) return undefined;
    return used === size ? buf : buf.subarray(0, used);
  }

  /** Give back a part that has been sent, for reuse. Parts that are views of the caller's memory are ignored. */
  recycle(part: Uint8Array): void {
    if (this.#owned.has(part) && this.#free.length < 16) this.#free.push(part);
  }

  #take(size: number): Uint8Array {
    const i = this.#free.findIndex((b) => b.length === size);
    if (i >= 0) return this.#free.splice(i, 1)[0]!;
    const buf = new Uint8Array(size);
    this.#owned.add(buf);
    return buf;
  }

  /** Stop reading: lets a file stream close (a pending read is left to settle on its own). */
  close(): void {
    void this.#it.return?.(undefined)?.catch(() => undefined);
  }
}
