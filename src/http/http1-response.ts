// An HTTP/1.1 response read from a byte stream, for transports that own their socket (Bun's): the
// status line and headers, then the body framed as RFC 9112 section 6 says: none (HEAD, 1xx, 204,
// 304), Content-Length, chunked, or up to the end of the connection. Pure: bytes in, callbacks out.
// https://www.rfc-editor.org/rfc/rfc9112#section-6.3

import { headerName, latin1 } from './header-names.ts';

/** The answer's status and headers, and whether the connection may carry another request. */
export interface Http1Head {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly keepAlive: boolean;
}

/** Where the answer goes: its head once, its body in pieces, then its end. */
export interface Http1Sink {
  onHead(head: Http1Head): void;
  onBody(chunk: Uint8Array): void;
  onEnd(): void;
}

/** The server sent something that is not HTTP/1.1: the connection cannot be trusted further. */
export class Http1ParseError extends Error {
  readonly code = 'HTTP_PARSE_ERROR';
}

/** A response head larger than this is refused (undici's default maxHeaderSize is 16 KiB). */
const MAX_HEAD = 64 * 1024;
const MAX_LINE = 4096;
const CR = 13;
// Every answer's head is matched against these; literals in #parseHead would be a new RegExp each.
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
const CLOSE = /\bclose\b/;
const KEEP_ALIVE = /\bkeep-alive\b/;
const LENGTH = /^\d{1,15}$/;
const LF = 10;
const checkName = (raw: string) => {
  if (/\s/.test(raw)) throw new Http1ParseError('malformed response header name');
};

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailer,
  UntilClose,
  Done,
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Where the head ends (the index after CRLF CRLF), or -1. `from` skips what was searched. */
function headEnd(buf: Uint8Array, from: number): number {
  for (let i = Math.max(3, from); i < buf.length; i++) {
    if (buf[i] === LF && buf[i - 1] === CR && buf[i - 2] === LF && buf[i - 3] === CR) return i + 1;
  }
  return -1;
}

export class Http1ResponseParser {
  #state = State.Head;
  #sink: Http1Sink;
  #noBody: boolean;
  #pending: Uint8Array = new Uint8Array(0);
  #searched = 0;
  #remaining = 0;
  #line = '';
  #keepAlive = false;
  /** Bytes that came after the end of the response: the connection is not reused. */
  extra = false;

  /** `noBody`: the request was a HEAD, so no answer to it has a body whatever its headers say. */
  constructor(sink: Http1Sink, noBody: boolean) {
    this.#sink = sink;
    this.#noBody = noBody;
  }

  get done(): boolean {
    return this.#state === State.Done;
  }

  /** True once the whole response is read and the server allows another request on the connection. */
  get reusable(): boolean {
    return this.#state === State.Done && this.#keepAlive && !this.extra;
  }

  /** Whether the head has been read (so the sink has had `head`). */
  get headRead(): boolean {
    return this.#state !== State.Head;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.#state) {
        case State.Head: {
          const buf = concat(this.#pending, at === 0 ? chunk : chunk.subarray(at));
          const end = headEnd(buf, this.#searched);
          if (end < 0) {
            if (buf.length > MAX_HEAD) throw new Http1ParseError(`response head larger than ${MAX_HEAD} bytes`);
            this.#pending = buf === chunk ? chunk.slice(at) : buf;
            this.#searched = buf.length;
            return;
          }
          this.#pending = new Uint8Array(0);
          this.#searched = 0;
          this.#parseHead(latin1(buf, 0, end - 4));
          // What followed the head in `buf` came from `chunk` (the pending part was all head).
          at = chunk.length - (buf.length - end);
          break;
        }
        case State.Length: {
          const n = Math.min(this.#remaining, chunk.length - at);
          this.#sink.onBody(chunk.subarray(at, at + n));
          at += n;
          if ((this.#remaining -= n) === 0) this.#finish();
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.#remaining, chunk.length - at);
          this.#sink.onBody(chunk.subarray(at, at + n));
          at += n;
          if ((this.#remaining -= n) === 0) this.#state = State.ChunkDataEnd;
          break;
        }
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailer: {
          const lf = chunk.indexOf(LF, at);
          const stop = lf < 0 ? chunk.length : lf;
          this.#line += latin1(chunk, at, stop);
          if (this.#line.length > MAX_LINE) throw new Http1ParseError('chunked framing line too long');
          at = stop;
          if (lf < 0) break;
          at++;
          const line = this.#line.endsWith('\r') ? this.#line.slice(0, -1) : this.#line;
          this.#line = '';
          this.#chunkLine(line);
          break;
        }
        case State.UntilClose:
          this.#sink.onBody(at === 0 ? chunk : chunk.subarray(at));
          return;
        case State.Done:
          this.extra = true;
          return;
      }
    }
  }

  /** The connection ended: the end of a body read up to the close, or a truncated answer. */
  close(): void {
    if (this.#state === State.UntilClose) return this.#finish();
    if (this.#state !== State.Done) throw new Http1ParseError(this.#state === State.Head ? 'the connection closed before a response' : 'the connection closed in the middle of the response body');
  }

  #parseHead(text: string): void {
    // Scanned by index, not split, and each name lower-cased once per process (header-names.ts).
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const m = STATUS_LINE.exec(text.slice(0, eol));
    if (!m) throw new Http1ParseError(`not an HTTP/1.x status line: ${JSON.stringify(text.slice(0, Math.min(eol, 40)))}`);
    const status = Number(m[2]);
    const headers: Record<string, string> = {};
    for (let at = eol + 2; at < text.length; at = eol + 2) {
      eol = text.indexOf('\r\n', at);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', at);
      if (colon <= at || colon > eol) throw new Http1ParseError('malformed response header line');
      const name = headerName(text, at, colon, checkName);
      let vs = colon + 1;
      let ve = eol;
      while (vs < ve && (text.charCodeAt(vs) === 32 || text.charCodeAt(vs) === 9)) vs++;
      while (ve > vs && (text.charCodeAt(ve - 1) === 32 || text.charCodeAt(ve - 1) === 9)) ve--;
      const value = text.slice(vs, ve);
      const prev = headers[name];
      headers[name] = prev === undefined ? value : prev + ', ' + value;
    }
    if (status < 200) return; // 1xx: the real answer follows (101 is never asked for)
    const connection = headers['connection']?.toLowerCase() ?? '';
    this.#keepAlive = m[1] === '1' ? !CLOSE.test(connection) : KEEP_ALIVE.test(connection);
    this.#sink.onHead({ status, headers, keepAlive: this.#keepAlive });
    if (this.#noBody || status === 204 || status === 304) return this.#finish();
    const te = headers['transfer-encoding'];
    if (te !== undefined) {
      if (/(?:^|,)\s*chunked\s*$/i.test(te)) this.#state = State.ChunkSize;
      else this.#untilClose();
      return;
    }
    const cl = headers['content-length'];
    if (cl === undefined) return this.#untilClose();
    let length = cl;
    // One value, nearly always; the same value repeated (joined with ', ') is allowed too.
    if (!LENGTH.test(length)) {
      const values = cl.split(',').map((v) => v.trim());
      if (!LENGTH.test(values[0]!) || values.some((v) => v !== values[0])) throw new Http1ParseError(`bad Content-Length: ${JSON.stringify(cl.slice(0, 40))}`);
      length = values[0]!;
    }
    this.#remaining = Number(length);
    if (this.#remaining === 0) this.#finish();
    else this.#state = State.Length;
  }

  #chunkLine(line: string): void {
    if (this.#state === State.ChunkDataEnd) {
      if (line !== '') throw new Http1ParseError('chunk data not followed by CRLF');
      this.#state = State.ChunkSize;
      return;
    }
    if (this.#state === State.Trailer) {
      if (line === '') this.#finish();
      return;
    }
    const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
    if (!size) throw new Http1ParseError('bad chunk size line');
    this.#remaining = parseInt(size[1]!, 16);
    this.#state = this.#remaining === 0 ? State.Trailer : State.ChunkData;
  }

  #untilClose(): void {
    this.#keepAlive = false;
    this.#state = State.UntilClose;
  }

  #finish(): void {
    this.#state = State.Done;
    this.#sink.onEnd();
  }
}
