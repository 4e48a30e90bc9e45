// The HTTP/1.1 response reader of the Bun transport, fed bytes as a socket would: whole, one byte at
// a time, and cut at random places; each answer must come out the same whichever way it was cut.
import { describe, expect, it } from 'vitest';
import { Http1ParseError, Http1ResponseParser, type Http1Head } from '../../src/http/http1-response.ts';

const enc = new TextEncoder();

interface Read {
  heads: Http1Head[];
  body: string;
  ended: boolean;
  parser: Http1ResponseParser;
}

function feed(pieces: Uint8Array[], noBody = false, closeAtEnd = false): Read {
  const r: Read = { heads: [], body: '', ended: false, parser: undefined as never };
  const bytes: number[] = [];
  r.parser = new Http1ResponseParser(
    {
      onHead: (h) => r.heads.push(h),
      onBody: (c) => bytes.push(...c),
      onEnd: () => {
        expect(r.ended).toBe(false);
        r.ended = true;
      },
    },
    noBody,
  );
  for (const p of pieces) r.parser.push(p);
  if (closeAtEnd) r.parser.close();
  r.body = Buffer.from(bytes).toString('latin1');
  return r;
}

/**
 * Every way of cutting `wire` that the test tries: whole, byte by byte, and seeded random cuts;
 * each as plain Uint8Arrays and again as views of one Buffer (as a socket gives them, which the
 * reader decodes without another view).
 */
function cuts(wire: string, seed = 7): Uint8Array[][] {
  const all = enc.encode(wire);
  const socket = Buffer.from(all);
  const plain = plainCuts(all, seed);
  return [...plain, ...plain.map((pieces) => pieces.map((p) => socket.subarray(p.byteOffset, p.byteOffset + p.length)))];
}

function plainCuts(all: Uint8Array, seed: number): Uint8Array[][] {
  const out: Uint8Array[][] = [[all], Array.from(all, (_, i) => all.subarray(i, i + 1))];
  let x = seed;
  for (let k = 0; k < 20; k++) {
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < all.length; ) {
      x = (x * 1103515245 + 12345) >>> 0;
      const n = 1 + (x % 37);
      pieces.push(all.subarray(at, at + n));
      at += n;
    }
    out.push(pieces);
  }
  return out;
}

describe('Http1ResponseParser', () => {
  it('reads a Content-Length body and keeps the connection, however the bytes are cut', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\nETag:  "abc" \r\nX-Amz-Meta-A: 1\r\nx-amz-meta-a: 2\r\n\r\nhello world';
    for (const pieces of cuts(wire)) {
      const r = feed(pieces);
      expect(r.heads).toEqual([{ status: 200, headers: { 'content-length': '11', etag: '"abc"', 'x-amz-meta-a': '1, 2' }, keepAlive: true }]);
      expect(r.body).toBe('hello world');
      expect(r.ended).toBe(true);
      expect(r.parser.reusable).toBe(true);
    }
  });

  it('decodes chunked bodies with extensions and trailers', () => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
    for (const pieces of cuts(wire)) {
      const r = feed(pieces);
      expect(r.body).toBe('hello 0123456789');
      expect(r.ended).toBe(true);
      expect(r.parser.reusable).toBe(true);
    }
  });

  it('takes a Content-Length sent twice with the same value (joined as "2, 2")', () => {
    const r = feed([enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok')]);
    expect(r.heads[0]!.headers['content-length']).toBe('2, 2');
    expect(r.body).toBe('ok');
    expect(r.parser.reusable).toBe(true);
  });

  it('skips 1xx answers and reads the one that follows', () => {
    const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok';
    for (const pieces of cuts(wire)) {
      const r = feed(pieces);
      expect(r.heads.map((h) => h.status)).toEqual([201]);
      expect(r.body).toBe('ok');
    }
  });

  it('reads no body after a HEAD, a 204 or a 304, whatever Content-Length says', () => {
    expect(feed([enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n')], true).ended).toBe(true);
    expect(feed([enc.encode('HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n')]).ended).toBe(true);
    expect(feed([enc.encode('HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n')]).ended).toBe(true);
  });

  it('reads a body without length up to the close, and never reuses that connection', () => {
    for (const pieces of cuts('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nuntil the end')) {
      const r = feed(pieces, false, true);
      expect(r.body).toBe('until the end');
      expect(r.ended).toBe(true);
      expect(r.parser.reusable).toBe(false);
    }
  });

  it('honours Connection: close on 1.1 and keep-alive on 1.0', () => {
    expect(feed([enc.encode('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')]).parser.reusable).toBe(false);
    expect(feed([enc.encode('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')]).parser.reusable).toBe(false);
    expect(feed([enc.encode('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')]).parser.reusable).toBe(true);
  });

  it('marks bytes after the end of the answer, so the connection is dropped', () => {
    const r = feed([enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA')]);
    expect(r.body).toBe('ok');
    expect(r.parser.extra).toBe(true);
    expect(r.parser.reusable).toBe(false);
  });

  it('refuses what is not HTTP/1.1, and a body cut short', () => {
    const bad = [
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/1.1 20 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n',
    ];
    for (const wire of bad) expect(() => feed([enc.encode(wire)]), wire).toThrow(Http1ParseError);
    expect(() => feed([enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort')], false, true)).toThrow(/middle of the response body/);
    expect(() => feed([enc.encode('HTTP/1.1 200 OK\r\nContent')], false, true)).toThrow(/before a response/);
    expect(() => feed([new Uint8Array(70 * 1024).fill(65)])).toThrow(/larger than/);
  });

  it('tells apart header names the name cache keys alike (same length, first, middle and last character)', () => {
    // 'Xa-bcZ' and 'Xd-bxZ': length 6, 'X', 'b', 'Z'. The first is cached; the second must not be read as it.
    for (let i = 0; i < 3; i++) {
      const r = feed([enc.encode('HTTP/1.1 200 OK\r\nXa-bcZ: 1\r\nXd-bxZ: 2\r\nxa-BCz: 3\r\nContent-Length: 0\r\n\r\n')]);
      expect(r.heads[0]!.headers).toEqual({ 'xa-bcz': '1, 3', 'xd-bxz': '2', 'content-length': '0' });
    }
  });

  it('gives header bytes 0x80-0xff as one character each, U+0080-U+00FF (ISO-8859-1, as undici on Node)', () => {
    const wire = Uint8Array.from([...enc.encode('HTTP/1.1 200 OK\r\nx-amz-meta-n: caf'), 0xe9, 0x80, 0x9f, 0xff, ...enc.encode('\r\nContent-Length: 0\r\n\r\n')]);
    // As bytes, as a Buffer, and as a view inside a larger Buffer (a socket's read).
    const inside = Buffer.concat([Buffer.from('junk'), wire, Buffer.from('more')]).subarray(4, 4 + wire.length);
    for (const bytes of [wire, Buffer.from(wire), inside]) {
      // 0x80-0x9f too: WHATWG's "latin1" decoder (windows-1252) would give U+20AC and U+0178 there.
      expect(feed([bytes]).heads[0]!.headers['x-amz-meta-n']).toBe('caf\u00e9\u0080\u009f\u00ff');
    }
    // The raw UTF-8 bytes of a value come back from the characters (what undici users do too).
    const utf8 = Uint8Array.from([...enc.encode('HTTP/1.1 200 OK\r\nx-amz-meta-n: '), ...enc.encode('\u20ac\u014d'), ...enc.encode('\r\nContent-Length: 0\r\n\r\n')]);
    expect(Buffer.from(feed([utf8]).heads[0]!.headers['x-amz-meta-n']!, 'latin1').toString('utf8')).toBe('\u20ac\u014d');
  });
});
