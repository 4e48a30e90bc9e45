// Table-driven CRCs for S3's additional checksums, in plain JS: node:zlib has crc32 only from
// Node 22 and nothing for CRC32C or CRC64NVME, and edge runtimes have none of them.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
//
// All three are the reflected ("LSB-first") form with init and final XOR all ones. S3 sends the
// value big-endian, base64-encoded.

/** Slicing-by-8 tables: eight bytes per step, ~5x faster than one table. */
function tables32(poly: number): Uint32Array[] {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = t[0]!;
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t0[i] = c >>> 0;
  }
  for (let s = 1; s < 8; s++) {
    const prev = t[s - 1]!;
    const cur = t[s]!;
    for (let i = 0; i < 256; i++) cur[i] = (prev[i]! >>> 8) ^ t0[prev[i]! & 0xff]!;
  }
  return t;
}

function update32(t: Uint32Array[], crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = t as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = crc;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    const a = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^
      t2[data[i + 5]!]! ^
      t1[data[i + 6]!]! ^
      t0[data[i + 7]!]!;
  }
  for (; i < n; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

let crc32Tables: Uint32Array[] | undefined;
let crc32cTables: Uint32Array[] | undefined;

/** An incremental checksum. `digest()` may be called once, after the last `update()`. */
export interface Checksum {
  update(data: Uint8Array): void;
  digest(): Uint8Array | Promise<Uint8Array>;
}

class Crc32Family implements Checksum {
  #crc = 0xffffffff;
  constructor(readonly tables: Uint32Array[]) {}
  update(data: Uint8Array): void {
    this.#crc = update32(this.tables, this.#crc, data);
  }
  digest(): Uint8Array {
    const v = (this.#crc ^ 0xffffffff) >>> 0;
    return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
}

/** CRC-32 (ISO-HDLC, as zlib): polynomial 0x04C11DB7, reflected 0xEDB88320. */
export function crc32(): Checksum {
  return new Crc32Family((crc32Tables ??= tables32(0xedb88320)));
}

/** CRC-32C (Castagnoli, as iSCSI): polynomial 0x1EDC6F41, reflected 0x82F63B78. */
export function crc32c(): Checksum {
  return new Crc32Family((crc32cTables ??= tables32(0x82f63b78)));
}

// CRC-64/NVME: polynomial 0xAD93D23594C935A9, reflected 0x9A6C9329AC4BC9B5. JS has no fast
// 64-bit integers (BigInt is ~50x slower), so the register is two 32-bit halves.
let crc64Hi: Uint32Array | undefined;
let crc64Lo: Uint32Array | undefined;

function tables64(): [Uint32Array, Uint32Array] {
  if (crc64Hi && crc64Lo) return [crc64Hi, crc64Lo];
  const PH = 0x9a6c9329;
  const PL = 0xac4bc9b5;
  const th = new Uint32Array(256);
  const tl = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ PL) >>> 0;
        hi = (hi ^ PH) >>> 0;
      }
    }
    th[i] = hi;
    tl[i] = lo;
  }
  crc64Hi = th;
  crc64Lo = tl;
  return [th, tl];
}

class Crc64Nvme implements Checksum {
  #hi = 0xffffffff;
  #lo = 0xffffffff;
  readonly #th: Uint32Array;
  readonly #tl: Uint32Array;
  constructor() {
    [this.#th, this.#tl] = tables64();
  }
  update(data: Uint8Array): void {
    const th = this.#th;
    const tl = this.#tl;
    let hi = this.#hi;
    let lo = this.#lo;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx]!;
      hi = (hi >>> 8) ^ th[idx]!;
    }
    this.#hi = hi >>> 0;
    this.#lo = lo >>> 0;
  }
  digest(): Uint8Array {
    const hi = (this.#hi ^ 0xffffffff) >>> 0;
    const lo = (this.#lo ^ 0xffffffff) >>> 0;
    return new Uint8Array([hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff]);
  }
}

export function crc64nvme(): Checksum {
  return new Crc64Nvme();
}
