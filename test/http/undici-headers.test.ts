// The Node transport's reading of response heads (undici-response.ts turns undici's raw header
// Buffers into our record itself), against a raw HTTP/1.1 peer on 127.0.0.1 that writes each head
// whole, one byte per write, or cut in two. Each answer is checked against what HTTP says it holds,
// and against undici's own request() on the same bytes.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { undiciTransport } from '../../src/http/undici-transport.ts';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Heads keyed by request path: what the peer answers, and the headers that must come out. */
const CASES: Record<string, { head: string; headers: Record<string, string> }> = {
  '/minio': {
    head:
      'HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nContent-Length: 0\r\nContent-Type: application/octet-stream\r\nETag: "620f0b67a91f7f74151bc5be745b7110"\r\n' +
      'Last-Modified: Tue, 01 Dec 2026 23:40:00 GMT\r\nServer: MinIO\r\nVary: Origin\r\nVary: Accept-Encoding\r\nX-Amz-Request-Id: 187D0F1C5A0B1E2F\r\n' +
      'X-Amz-Meta-Color: blue\r\nDate: Tue, 01 Dec 2026 23:40:00 GMT\r\n\r\n',
    headers: {
      'accept-ranges': 'bytes',
      'content-length': '0',
      'content-type': 'application/octet-stream',
      etag: '"620f0b67a91f7f74151bc5be745b7110"',
      'last-modified': 'Tue, 01 Dec 2026 23:40:00 GMT',
      server: 'MinIO',
      vary: 'Origin, Accept-Encoding',
      'x-amz-request-id': '187D0F1C5A0B1E2F',
      'x-amz-meta-color': 'blue',
      date: 'Tue, 01 Dec 2026 23:40:00 GMT',
    },
  },
  '/odd': {
    // An empty value, padding around a value, names in any case (the same name twice in two
    // cases), bytes 0x80-0xff (ISO-8859-1: one character each), a name met nowhere else.
    head:
      'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Empty:\r\nX-Pad:   padded value \t \r\nx-amz-META-Mixed: one\r\nX-Amz-Meta-mixed: two\r\n' +
      'X-Latin: caf\xe9 \x80\x9f\xff\r\nX-Unheard-Of-Name-0123456789: z\r\n\r\n',
    headers: {
      'content-length': '0',
      'x-empty': '',
      'x-pad': 'padded value',
      'x-amz-meta-mixed': 'one, two',
      'x-latin': 'caf\xe9 \x80\x9f\xff',
      'x-unheard-of-name-0123456789': 'z',
    },
  },
  '/keyed-alike': {
    // Names of one length whose first, middle and last letters agree (header-names.ts keys by
    // those): each keeps its own name.
    head: 'HTTP/1.1 204 No Content\r\nX-Amz-Meta-Aab: 1\r\nX-Amz-Meta-Acb: 2\r\nX-Bmz-Meta-Aab: 3\r\n\r\n',
    headers: { 'x-amz-meta-aab': '1', 'x-amz-meta-acb': '2', 'x-bmz-meta-aab': '3' },
  },
};

type Mode = 'whole' | 'bytes' | 'halves';
let mode: Mode = 'whole';
let server: net.Server;
let origin: string;

beforeAll(async () => {
  server = net.createServer((socket) => {
    let buf = '';
    socket.on('data', async (d) => {
      buf += d.toString('latin1');
      for (let end; (end = buf.indexOf('\r\n\r\n')) >= 0; ) {
        const path = buf.slice(0, end).split(' ')[1]!;
        buf = buf.slice(end + 4);
        const bytes = latin1(CASES[path]!.head);
        socket.pause();
        if (mode === 'whole') socket.write(bytes);
        else {
          const cuts = mode === 'bytes' ? Array.from({ length: bytes.length }, (_, i) => i + 1) : [bytes.length >> 1, bytes.length];
          let at = 0;
          for (const cut of cuts) {
            socket.write(bytes.subarray(at, cut));
            at = cut;
            // Separate reads on the other side: a head in pieces.
            await new Promise((r) => setTimeout(r, mode === 'bytes' ? 0 : 5));
          }
        }
        socket.resume();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('undici transport: response heads', () => {
  for (const m of ['whole', 'halves', 'bytes'] as const) {
    it(`reads each head written ${m === 'whole' ? 'whole' : m === 'halves' ? 'cut in two' : 'one byte per write'}`, async () => {
      mode = m;
      const t = undiciTransport();
      const agent = new Agent();
      try {
        for (const [path, { headers }] of Object.entries(CASES)) {
          const res = await t.send({ method: 'GET', origin, path, headers: { host: new URL(origin).host } });
          await res.body.discard();
          expect(res.headers, path).toEqual(headers);
          // undici's request() reads the same bytes alike (its arrays joined as ours are), but for
          // the trailing spaces and tabs it leaves on a value.
          const ref = await request(origin + path, { dispatcher: agent });
          await ref.body.dump();
          const trim = (s: string) => s.replace(/[ \t]+$/, '');
          const flat = Object.fromEntries(Object.entries(ref.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(trim).join(', ') : trim(v!)]));
          expect(res.headers, path).toEqual(flat);
        }
      } finally {
        await t.close();
        await agent.close();
      }
    });
  }
});
