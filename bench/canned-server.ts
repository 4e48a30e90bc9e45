// A stand-in S3 server for CPU A/Bs of clients under Bun (ab-bun-native.ts --server=canned): HTTP/1.1
// on 127.0.0.1 (a free port, printed), every request answered at once with what MinIO answers for
// a 4 KiB object (the same headers, a fixed ETag): HEAD and GET 200, PUT 200, DELETE 204. It checks
// no signature and keeps nothing, so next to no server CPU shares the machine with the client.
// Run under Bun: bun bench/canned-server.ts
/** Per connection: bytes not yet answered, and the request being read (its method, its end). */
interface Pending {
  buf: Uint8Array;
  need: number;
  method: string;
}
interface Socket {
  data: Pending;
  write(b: Uint8Array): number;
}
declare const Bun: {
  listen(o: { hostname: string; port: number; socket: { open(s: Socket): void; data(s: Socket, d: Uint8Array): void } }): { port: number };
};

const enc = new TextEncoder();
const common = (length: number) =>
  `Accept-Ranges: bytes\r\nContent-Length: ${length}\r\nContent-Type: application/octet-stream\r\nETag: "620f0b67a91f7f74151bc5be745b7110"\r\nLast-Modified: Tue, 01 Dec 2026 23:40:00 GMT\r\nServer: MinIO\r\nStrict-Transport-Security: max-age=31536000; includeSubDomains\r\nVary: Origin\r\nVary: Accept-Encoding\r\nX-Amz-Id-2: dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8\r\nX-Amz-Request-Id: 187D0F1C5A0B1E2F\r\nX-Content-Type-Options: nosniff\r\nX-Ratelimit-Limit: 7168\r\nX-Ratelimit-Remaining: 7168\r\nX-Xss-Protection: 1; mode=block\r\nDate: Tue, 01 Dec 2026 23:40:00 GMT\r\n\r\n`;
const body = new Uint8Array(4096).fill(7);
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
const ANSWERS: Record<string, Uint8Array> = {
  HEAD: enc.encode('HTTP/1.1 200 OK\r\n' + common(4096)),
  GET: concat(enc.encode('HTTP/1.1 200 OK\r\n' + common(4096)), body),
  PUT: enc.encode('HTTP/1.1 200 OK\r\nETag: "620f0b67a91f7f74151bc5be745b7110"\r\nServer: MinIO\r\nX-Amz-Id-2: dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8\r\nX-Amz-Request-Id: 187D0F1C5A0B1E2F\r\nContent-Length: 0\r\nDate: Tue, 01 Dec 2026 23:40:00 GMT\r\n\r\n'),
  DELETE: enc.encode('HTTP/1.1 204 No Content\r\nServer: MinIO\r\nX-Amz-Id-2: dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8\r\nX-Amz-Request-Id: 187D0F1C5A0B1E2F\r\nDate: Tue, 01 Dec 2026 23:40:00 GMT\r\n\r\n'),
};

const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      s.data = { buf: new Uint8Array(0), need: -1, method: '' };
    },
    // Requests one at a time per connection: the head, then Content-Length bytes of body.
    data(s, d) {
      const st = s.data;
      st.buf = st.buf.length ? concat(st.buf, d) : d;
      for (;;) {
        if (st.need < 0) {
          const text = Buffer.from(st.buf.buffer, st.buf.byteOffset, st.buf.length).toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          if (end < 0) return;
          const m = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
          st.method = text.slice(0, text.indexOf(' '));
          st.need = end + 4 + (m ? Number(m[1]) : 0);
        }
        if (st.buf.length < st.need) return;
        s.write(ANSWERS[st.method] ?? ANSWERS.HEAD!);
        st.buf = st.buf.subarray(st.need);
        st.need = -1;
        if (st.buf.length === 0) return;
      }
    },
  },
});
console.log(server.port);
