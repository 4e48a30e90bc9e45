// The HTTP/1.1 transport (src/http/http1-transport.ts) on its sockets: under Bun the bun entry's
// (Bun.connect; run by test/edge/bun.test.ts), under Node netTransport() (node:net; run by
// test/http/net-transport.test.ts), and under Deno the deno entry's (Deno.connect, Deno.startTls;
// run by test/edge/deno.test.ts). On its own and under an S3Client, against the live server in
// S3WIRE_EDGE_* (through a counting TCP relay, so connections are seen) and against a raw HTTP/1.1
// peer on 127.0.0.1 for what an S3 server will not do on demand: answer early, close idle
// connections, cut a body, send garbage, stall. Prints one JSON report: { runtime, ok, steps };
// exits 1 on any failure.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { bunTransport } from '../../src/http/bun-transport.ts';
import { denoTransport } from '../../src/http/deno-transport.ts';
import { netTransport } from '../../src/http/net-transport.ts';
import { S3Client as NodeS3Client, isServiceError, type ClientOptions, type S3WireError } from '../../src/index.ts';
import type { HttpRequest, Transport } from '../../src/http/types.ts';
import { runtimeName } from '../edge/edge-env.ts';
import { pattern } from '../edge/scenario.ts';
import { kernelBuffers, startTcpProxy } from './tcp-proxy.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const Bun: any;
declare const Deno: any;
const onBun = typeof Bun !== 'undefined';
const onDeno = typeof Deno !== 'undefined';
/**
 * What differs by runtime: the transport under test (the bun entry's under Bun, the deno entry's
 * under Deno, netTransport() under Node), its file and name, whose TLS sockets https goes through,
 * how a child of this runtime runs code, and the variable it reads extra trusted certificates from.
 */
const UNDER = onBun
  ? { makeTransport: bunTransport, transportFile: 'bun-transport.ts', transportName: 'bunTransport', tls: 'Bun', childArgs: ['-e'], trustVariable: 'NODE_EXTRA_CA_CERTS' }
  : onDeno
    ? { makeTransport: denoTransport, transportFile: 'deno-transport.ts', transportName: 'denoTransport', tls: 'Deno', childArgs: ['eval', '--ext=ts'], trustVariable: 'DENO_CERT' }
    : { makeTransport: netTransport, transportFile: 'net-transport.ts', transportName: 'netTransport', tls: 'node:tls', childArgs: ['--import', 'tsx', '--input-type=module', '-e'], trustVariable: 'NODE_EXTRA_CA_CERTS' };
const { makeTransport, transportFile, transportName, trustVariable } = UNDER;
const env = process.env;
const steps: { step: string; ok: boolean; detail: string }[] = [];
async function step(name: string, f: () => Promise<string>) {
  try {
    steps.push({ step: name, ok: true, detail: await f() });
  } catch (e) {
    steps.push({ step: name, ok: false, detail: String((e as Error)?.stack ?? e) });
  }
}
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Handlers for a listening socket, as Bun.listen takes them. */
interface ListenHandlers {
  open?(s: any): void;
  data?(s: any, d: Uint8Array): void;
  drain?(s: any): void;
  close?(s: any): void;
}

/**
 * A TCP (or TLS) listener on 127.0.0.1 with Bun's socket shape: Bun.listen under Bun; under Node a
 * node:net server whose sockets' write takes nothing while the socket waits for a drain (as
 * Bun's takes what fits), so a peer sees backpressure the same way.
 */
async function listen(socket: ListenHandlers, tls?: { key: string; cert: string }): Promise<{ port: number; stop(): void }> {
  if (onBun) {
    const server = Bun.listen({ hostname: '127.0.0.1', port: 0, ...(tls ? { tls } : {}), socket });
    return { port: server.port, stop: () => server.stop(true) };
  }
  const open = new Set<Socket>();
  const onSocket = (sock: Socket) => {
    open.add(sock);
    const w = {
      data: undefined as any,
      write(d: string | Uint8Array): number {
        if (sock.destroyed) return -1;
        if (sock.writableNeedDrain) return 0;
        sock.write(d);
        return typeof d === 'string' ? Buffer.byteLength(d) : d.length;
      },
      end: () => void sock.end(),
    };
    socket.open?.(w);
    sock.on('data', (d: Buffer) => socket.data?.(w, d));
    sock.on('drain', () => socket.drain?.(w));
    sock.on('error', () => undefined);
    sock.on('close', () => {
      open.delete(sock);
      socket.close?.(w);
    });
  };
  const server = tls ? createTlsServer(tls, onSocket) : createTcpServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    stop: () => {
      server.close();
      for (const s of open) s.destroy();
    },
  };
}

/** Run `code` (ESM importing TypeScript) in a child of this runtime: its stdout, stderr and exit code. */
function runChild(code: string, childEnv: NodeJS.ProcessEnv = process.env): Promise<{ out: string; err: string; exit: number | null }> {
  const child = spawn(process.execPath, [...UNDER.childArgs, code], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const killer = setTimeout(() => child.kill(), 10_000);
  return new Promise((resolve) =>
    child.on('close', (exit) => {
      clearTimeout(killer);
      resolve({ out, err, exit });
    }),
  );
}

/**
 * A self-signed certificate made for a step (openssl, as on the CI machine), for `san` (default
 * IP:127.0.0.1). CA:FALSE: rustls (Deno's TLS) refuses a server certificate marked as a CA
 * (CaUsedAsEndEntity), which openssl req -x509 makes by default; node:tls and Bun take either.
 */
function makeCert(san = 'IP:127.0.0.1'): { key: string; cert: string; file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 's3wire-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${san.slice(san.indexOf(':') + 1)}`, '-addext', `subjectAltName=${san}`, '-addext', 'basicConstraints=critical,CA:FALSE', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), file: join(dir, 'cert.pem'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

interface PeerRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
  connection: number;
}
type PeerAnswer = (req: PeerRequest, socket: any) => void;

/**
 * A raw HTTP/1.1 peer: reads each request (Content-Length or chunked body) and lets `answer`
 * write whatever bytes the step needs. `early` answers right after the head, before the body.
 */
async function peer(answer: PeerAnswer, early?: (path: string) => boolean, tls?: { key: string; cert: string }) {
  const stats = { connections: 0, requests: [] as PeerRequest[], accepted: 0 };
  const server = await listen({
      open(s: any) {
        s.data = { buf: new Uint8Array(0), id: ++stats.connections };
      },
      data(s: any, d: Uint8Array) {
        const st = s.data;
        const b = new Uint8Array(st.buf.length + d.length);
        b.set(st.buf);
        b.set(d, st.buf.length);
        st.buf = b;
        for (;;) {
          const text = Buffer.from(st.buf).toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          if (end < 0) return;
          const [line, ...lines] = text.slice(0, end).split('\r\n');
          const [method, path] = line!.split(' ');
          const headers: Record<string, string> = {};
          for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
          if (early?.(path!) && !st.answeredEarly) {
            st.answeredEarly = true;
            answer({ method: method!, path: path!, headers, body: new Uint8Array(0), connection: st.id }, s);
          }
          let body: Uint8Array;
          let used: number;
          if (headers['transfer-encoding'] === 'chunked') {
            const parts: Uint8Array[] = [];
            let at = end + 4;
            for (;;) {
              const lf = text.indexOf('\r\n', at);
              if (lf < 0) return;
              const n = parseInt(text.slice(at, lf), 16);
              if (text.length < lf + 2 + n + 2) return;
              if (n === 0) {
                used = lf + 4;
                break;
              }
              parts.push(st.buf.slice(lf + 2, lf + 2 + n));
              at = lf + 2 + n + 2;
            }
            body = Buffer.concat(parts);
          } else {
            const n = Number(headers['content-length'] ?? 0);
            if (st.buf.length < end + 4 + n) return;
            body = st.buf.slice(end + 4, end + 4 + n);
            used = end + 4 + n;
          }
          st.buf = st.buf.slice(used);
          const req = { method: method!, path: path!, headers, body, connection: st.id };
          stats.requests.push(req);
          if (st.answeredEarly) st.answeredEarly = false;
          else answer(req, s);
        }
      },
  }, tls);
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${server.port}`;
  return { stats, origin, stop: () => server.stop() };
}

/** Run a step's requests on `t`, then close it and stop the peer, whatever happened. */
async function closing<T>(p: { stop(): void }, t: Transport, f: (t: Transport) => Promise<T>): Promise<T> {
  try {
    return await f(t);
  } finally {
    await t.close();
    p.stop();
  }
}

const ok = (s: any, body = 'ok', extra = '') => s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n${extra}\r\n${body}`);
const get = (origin: string, path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', origin, path, headers: { host: new URL(origin).host }, ...extra });

const server = {
  endpoint: env.S3WIRE_EDGE_ENDPOINT!,
  region: env.S3WIRE_EDGE_REGION ?? 'us-east-1',
  credentials: { accessKeyId: env.S3WIRE_EDGE_ACCESS_KEY!, secretAccessKey: env.S3WIRE_EDGE_SECRET_KEY! },
};
// A TCP relay to the live server (node:net, in either runtime) that counts the connections made through it.
const live = await startTcpProxy(server.endpoint);
const S3Client: new (o: ClientOptions) => NodeS3Client = onBun
  ? ((await import('../../src/index.bun.ts')).S3Client as unknown as new (o: ClientOptions) => NodeS3Client)
  : onDeno
    ? ((await import('../../src/index.deno.ts')).S3Client as unknown as new (o: ClientOptions) => NodeS3Client)
    : class extends NodeS3Client {
        constructor(o: ClientOptions) {
          super({ ...o, transport: netTransport() });
        }
      };
const s3 = new S3Client({ ...server, endpoint: live.endpoint });
const bucket = `buntransport-${Math.random().toString(16).slice(2, 10)}`;
const big = pattern(24 * 1024 * 1024 + 5, 11);

await step('live: createBucket, putObject 24 MiB (written across drains), getObject identical', async () => {
  await s3.createBucket({ bucket });
  await s3.putObject({ bucket, key: 'big.bin', body: big });
  const got = await (await s3.getObject({ bucket, key: 'big.bin' })).body.bytes();
  check(sha(got) === sha(big), `24 MiB read back differs (${got.length} bytes)`);
  return `${got.length} bytes identical`;
});

await step('live: 50 sequential headObject reuse one connection', async () => {
  const before = live.opened;
  for (let i = 0; i < 50; i++) check((await s3.headObject({ bucket, key: 'big.bin' })).contentLength === big.length, 'wrong length');
  const opened = live.opened - before;
  check(opened <= 1, `${opened} connections opened for 50 sequential requests`);
  return `${opened} new connection(s) for 50 HEADs`;
});

await step('live: 320 putObject/getObject at concurrency 32, bytes identical, at most 32 connections', async () => {
  const before = live.opened;
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < 320) {
        const i = next++;
        const body = pattern(1000 + i * 37, i + 1);
        await s3.putObject({ bucket, key: `small/${i}`, body });
        const got = await (await s3.getObject({ bucket, key: `small/${i}` })).body.bytes();
        check(sha(got) === sha(body), `small/${i} differs`);
      }
    }),
  );
  const opened = live.opened - before;
  check(opened <= 32, `${opened} connections`);
  return `640 requests on ${opened} new connections`;
});

await step('live: a NoSuchKey answer (a body to read) leaves the connection usable', async () => {
  const e = await s3.getObject({ bucket, key: 'missing' }).then(() => undefined, (x: unknown) => x);
  check(isServiceError(e, 'NoSuchKey'), `expected NoSuchKey, got ${String(e)}`);
  check((await s3.headObject({ bucket, key: 'big.bin' })).contentLength === big.length, 'HEAD after the error');
  return 'NoSuchKey, then a HEAD on';
});

await step('live: break out of a body after one chunk drops that connection, the client goes on', async () => {
  const before = live.opened;
  const res = await s3.getObject({ bucket, key: 'big.bin' });
  let n = 0;
  for await (const c of res.body) {
    n += c.length;
    break;
  }
  const got = await (await s3.getObject({ bucket, key: 'small/3' })).body.bytes();
  check(got.length === 1000 + 3 * 37, 'small/3 after the break');
  return `read ${n} bytes, broke off; next GET fine (${live.opened - before} new connection(s))`;
});

await step('live: aborting during a body rejects the read with AbortError', async () => {
  const ac = new AbortController();
  const res = await s3.getObject({ bucket, key: 'big.bin' }, { signal: ac.signal });
  const it = res.body[Symbol.asyncIterator]();
  await it.next();
  ac.abort();
  const e = await (async () => {
    for (;;) if ((await it.next()).done) return undefined;
  })().catch((x: unknown) => x);
  check((e as S3WireError)?.name === 'AbortError', `expected AbortError, got ${String(e)}`);
  check((await s3.headObject({ bucket, key: 'big.bin' })).contentLength === big.length, 'HEAD after the abort');
  return String((e as Error).message);
});

await step('live: a ReadableStream body with contentLength, and upload() of one without', async () => {
  const piece = pattern(3 * 1024 * 1024 + 1, 5);
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < piece.length; i += 65536) c.enqueue(piece.slice(i, i + 65536));
        c.close();
      },
    });
  await s3.putObject({ bucket, key: 'stream.bin', body: stream(), contentLength: piece.length });
  check(sha(await (await s3.getObject({ bucket, key: 'stream.bin' })).body.bytes()) === sha(piece), 'stream.bin differs');
  await s3.upload({ bucket, key: 'up.bin', body: stream() });
  check(sha(await (await s3.getObject({ bucket, key: 'up.bin' })).body.bytes()) === sha(piece), 'up.bin differs');
  return `${piece.length} bytes twice`;
});

await step(`live over https (a TLS relay to the server): putObject 3 MiB + 7 B, getObject identical, 20 headObject, on one ${UNDER.tls} connection`, async () => {
  const c = makeCert();
  const up = new URL(server.endpoint);
  let accepted = 0;
  const relay = createTlsServer({ key: c.key, cert: c.cert }, (client) => {
    accepted++;
    const upstream = createConnection(Number(up.port), up.hostname);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const endpoint = `https://127.0.0.1:${(relay.address() as { port: number }).port}`;
  const opts = { ...server, endpoint };
  const transport = makeTransport({ tls: { ca: c.cert } });
  const client = onBun || onDeno ? new S3Client({ ...opts, transport }) : new NodeS3Client({ ...opts, transport });
  try {
    const body = pattern(3 * 1024 * 1024 + 7, 5);
    await client.putObject({ bucket, key: 'over-tls', body });
    const back = await (await client.getObject({ bucket, key: 'over-tls' })).body.bytes();
    check(sha(back) === sha(body), `read back ${back.length} bytes, not the ${body.length} written`);
    for (let i = 0; i < 20; i++) check((await client.headObject({ bucket, key: 'over-tls' })).contentLength === body.length, 'HEAD: wrong size');
    check(accepted === 1, `${accepted} TLS connections for 22 requests one after the other`);
    return `3 MiB + 7 B read back identical; 22 requests on ${accepted} TLS connection`;
  } finally {
    await client.close();
    relay.close();
    c.dispose();
  }
});

await step('live: cleanup', async () => {
  const keys: string[] = [];
  for await (const o of s3.listObjects({ bucket })) keys.push(o.key);
  for (let i = 0; i < keys.length; i += 1000) await s3.deleteObjects({ bucket, keys: keys.slice(i, i + 1000) });
  await s3.deleteBucket({ bucket });
  return `${keys.length} objects`;
});
await s3.close();
await live.close();

/** Write `body` as the answer on `s`, as fast as the socket takes it; `accepted(n)` as it goes. */
function writeAll(s: any, body: Uint8Array, accepted: (n: number) => void = () => undefined): void {
  s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`);
  let at = 0;
  const push = () => {
    for (;;) {
      if (at >= body.length) return;
      const n = s.write(body.subarray(at, Math.min(body.length, at + 1024 * 1024)));
      if (n <= 0) return setTimeout(push, 2);
      accepted((at += n));
    }
  };
  push();
}

/** A 64 MiB answer written as fast as the socket takes it, read only after 600 ms: what got out meanwhile. */
async function slowReader(tls?: { key: string; cert: string }): Promise<string> {
  const size = 64 * 1024 * 1024;
  const body = pattern(size, 3);
  let accepted = 0;
  const p = await peer((_r, s) => writeAll(s, body, (n) => (accepted = n)), undefined, tls);
  return closing(p, makeTransport(tls ? { tls: { ca: tls.cert } } : {}), async (t) => {
    const res = await t.send(get(p.origin, '/big'));
    await sleep(600);
    const held = accepted;
    const got = await res.body.bytes();
    check(sha(got) === sha(body), 'body differs');
    // The 1 MiB queue, a read or two, and what the kernel holds (36 MiB at most on the CI
    // machine): short of the 64 MiB that get out without backpressure.
    const bound = 3 * 1024 * 1024 + kernelBuffers();
    check(bound < size, `no test: ${bound} bytes may be out anyway`);
    check(held < bound, `the server got ${held} bytes out while nobody read`);
    return `${(held / 1048576).toFixed(1)} MiB out of 64 while unread; then all ${got.length} identical`;
  });
}

await step('peer: a slow reader holds the server back (the socket is paused), then reads all', () => slowReader());

await step('peer: the same over https (the TLS socket is paused)', async () => {
  const c = makeCert();
  try {
    return await slowReader(c);
  } finally {
    c.dispose();
  }
});

await step('peer: a kept-alive connection closed by the server as it is reused is retried on a new one', async () => {
  let n = 0;
  const p = await peer((_r, s) => {
    // The second request on the first connection: close without a word, as a server whose idle
    // timeout just fired does.
    if (++n === 2) return s.end();
    ok(s, 'fine');
  });
  return closing(p, makeTransport(), async (t) => {
    const a = await (await t.send(get(p.origin, '/a'))).body.text();
    const b = await (await t.send(get(p.origin, '/b'))).body.text();
    check(a === 'fine' && b === 'fine', `${a} ${b}`);
    check(p.stats.connections === 2, `${p.stats.connections} connections`);
    return `answers ${a}/${b} on ${p.stats.connections} connections, ${p.stats.requests.length} requests seen`;
  });
});

await step('peer: with connections: 2, twenty requests at once wait their turn on two connections', async () => {
  const p = await peer((r, s) => setTimeout(() => ok(s, r.path), 5));
  return closing(p, makeTransport({ connections: 2 }), async (t) => {
    const paths = Array.from({ length: 20 }, (_, i) => `/q${i}`);
    const answers = await Promise.all(paths.map(async (path) => (await t.send(get(p.origin, path))).body.text()));
    check(answers.join() === paths.join(), answers.join());
    check(p.stats.connections === 2, `${p.stats.connections} connections`);
    return `20 answers in order of asking, on ${p.stats.connections} connections`;
  });
});

await step('peer: a request without a Host header gets the origin as its Host', async () => {
  const p = await peer((r, s) => ok(s, r.headers.host ?? 'none'));
  return closing(p, makeTransport(), async (t) => {
    const host = await (await t.send({ method: 'GET', origin: p.origin, path: '/', headers: {} })).body.text();
    check(host === p.origin.slice('http://'.length), host);
    return `Host: ${host}`;
  });
});

await step('peer: header bytes 0x80-0xff come back as U+0080-U+00FF, one character each (as undici gives them on Node)', async () => {
  const wire = Uint8Array.from([...Buffer.from('HTTP/1.1 200 OK\r\nx-amz-meta-n: caf'), 0xe9, 0x80, 0x9f, 0xff, ...Buffer.from('\r\ncontent-length: 0\r\n\r\n')]);
  const p = await peer((_r, s) => s.write(wire));
  return closing(p, makeTransport(), async (t) => {
    const res = await t.send(get(p.origin, '/'));
    await res.body.discard();
    const v = res.headers['x-amz-meta-n'] ?? '';
    // WHATWG's "latin1" decoder is windows-1252: it would give U+20AC and U+0178 for 0x80 and 0x9f.
    check(v === 'caf\u00e9\u0080\u009f\u00ff', JSON.stringify([...v].map((c) => c.charCodeAt(0))));
    return [...v.slice(3)].map((c) => 'U+' + c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()).join(' ');
  });
});

await step('peer: a body stream that fails mid-way fails the request with that error, and the client goes on', async () => {
  const p = await peer((_r, s) => ok(s));
  return closing(p, makeTransport(), async (t) => {
    const boom = new Error('the source broke');
    async function* failing() {
      yield new Uint8Array(300_000);
      throw boom;
    }
    const e = await t.send({ ...get(p.origin, '/up'), method: 'PUT', headers: { host: 'x', 'content-length': '1000000' }, body: failing() }).then(() => undefined, (x: S3WireError) => x);
    let cause: unknown = e;
    while (cause && cause !== boom) cause = (cause as { cause?: unknown }).cause;
    check(e?.name === 'NetworkError' && cause === boom, `got ${String(e)}`);
    const after = await (await t.send(get(p.origin, '/after'))).body.text();
    check(after === 'ok', after);
    return `${e!.name}: ${e!.message}; the next request answered`;
  });
});

await step('peer: a stream body does not reuse a connection idle for over a second; a resendable body does', async () => {
  const p = await peer((_r, s) => ok(s));
  return closing(p, makeTransport(), async (t) => {
    await (await t.send(get(p.origin, '/a'))).body.text();
    await sleep(1200);
    await (await t.send(get(p.origin, '/b'))).body.text();
    const afterBytes = p.stats.connections;
    await sleep(1200);
    async function* one() {
      yield new Uint8Array(10);
    }
    await (await t.send({ ...get(p.origin, '/stream'), method: 'PUT', body: one() })).body.text();
    check(afterBytes === 1 && p.stats.connections === 2, `connections: ${afterBytes} after the second GET, ${p.stats.connections} after the stream PUT`);
    return `GET after 1.2 s on the same connection; stream PUT after 1.2 s on a new one`;
  });
});

await step("peer: a server's Keep-Alive: timeout=3 keeps a connection idle 1 s at most (2 s below it), timeout=2 not at all", async () => {
  const p = await peer((_r, s) => ok(s, 'ok', 'Keep-Alive: timeout=3, max=100\r\n'));
  const short = await closing(p, makeTransport(), async (t) => {
    const seen: number[] = [];
    for (const wait of [0, 300, 1400]) {
      await sleep(wait);
      await (await t.send(get(p.origin, `/after-${wait}`))).body.text();
      seen.push(p.stats.connections);
    }
    // Again at 300 ms, on the one connection; again after 1.4 s idle, on a new one.
    check(seen.join() === '1,1,2', `connections after each request: ${seen.join()}`);
    return seen.join();
  });
  const q = await peer((_r, s) => ok(s, 'ok', 'keep-alive: timeout=2\r\n'));
  const none = await closing(q, makeTransport(), async (t) => {
    for (const path of ['/a', '/b', '/c']) await (await t.send(get(q.origin, path))).body.text();
    check(q.stats.connections === 3, `${q.stats.connections} connections for 3 requests one after the other`);
    return q.stats.connections;
  });
  return `timeout=3: connections after requests at 0, +0.3 s, +1.4 s: ${short}; timeout=2: ${none} connections for 3 requests`;
});

await step('peer: with no hint a connection idle 4.5 s is used again (kept 20 s by default); keepAlive: 1 closes it after 1 s', async () => {
  const p = await peer((_r, s) => ok(s));
  const kept = await closing(p, makeTransport(), async (t) => {
    await (await t.send(get(p.origin, '/a'))).body.text();
    await sleep(4500);
    await (await t.send(get(p.origin, '/b'))).body.text();
    check(p.stats.connections === 1, `${p.stats.connections} connections`);
    return p.stats.connections;
  });
  const q = await peer((_r, s) => ok(s));
  const closed = await closing(q, makeTransport({ keepAlive: 1 }), async (t) => {
    await (await t.send(get(q.origin, '/a'))).body.text();
    await sleep(1400);
    await (await t.send(get(q.origin, '/b'))).body.text();
    check(q.stats.connections === 2, `${q.stats.connections} connections`);
    return q.stats.connections;
  });
  return `default: ${kept} connection for two requests 4.5 s apart; keepAlive: 1: ${closed} for two 1.4 s apart`;
});

await step('peer: a stream body of unknown length goes chunked, and arrives whole', async () => {
  const p = await peer((r, s) => ok(s, `${r.headers['transfer-encoding']} ${r.body.length} ${sha(r.body)}`));
  return closing(p, makeTransport(), async (t) => {
    const data = pattern(200_000, 9);
    async function* gen() {
      for (let i = 0; i < data.length; i += 7777) yield data.subarray(i, i + 7777);
    }
    const answer = await (await t.send({ ...get(p.origin, '/up'), method: 'PUT', body: gen() })).body.text();
    check(answer === `chunked ${data.length} ${sha(data)}`, answer);
    return answer.slice(0, 30);
  });
});

await step('peer: an answer before the body is sent is read, and that connection is not reused', async () => {
  const p = await peer(
    (r, s) => (r.path === '/early' ? s.write('HTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\n\r\nno!') : ok(s)),
    (path) => path === '/early',
  );
  // A short timeout: were the connection reused with the body half sent, the peer would take the
  // next request for more body and never answer it.
  return closing(p, makeTransport({ timeout: 2 }), async (t) => {
    async function* slow() {
      for (let i = 0; i < 20; i++) {
        await sleep(10);
        yield new Uint8Array(100_000);
      }
    }
    const res = await t.send({ ...get(p.origin, '/early'), method: 'PUT', headers: { host: 'x', 'content-length': '2000000' }, body: slow() });
    check(res.status === 400 && (await res.body.text()) === 'no!', `status ${res.status}`);
    const after = await t.send(get(p.origin, '/next'));
    check(after.status === 200 && (await after.body.text()) === 'ok', 'the request after');
    check(p.stats.connections === 2, `${p.stats.connections} connections`);
    return `400 read while the body was going out; next request on a new connection`;
  });
});

await step('peer: Connection: close is honoured, a chunked answer and one up to the close are read', async () => {
  const p = await peer((r, s) => {
    if (r.path === '/close') ok(s, 'bye', 'connection: close\r\n');
    else if (r.path === '/chunked') s.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    else {
      s.write('HTTP/1.1 200 OK\r\n\r\nto the end');
      s.end();
    }
  });
  return closing(p, makeTransport(), async (t) => {
    const got = [];
    for (const path of ['/close', '/chunked', '/chunked', '/eof', '/chunked']) got.push(await (await t.send(get(p.origin, path))).body.text());
    check(got.join('|') === 'bye|abcde|abcde|to the end|abcde', got.join('|'));
    // /close, then the chunked pair on one connection, /eof's own, the last /chunked on a new one.
    check(p.stats.connections === 3, `${p.stats.connections} connections`);
    return `${got.join('|')} on ${p.stats.connections} connections`;
  });
});

await step('peer: garbage, a body cut short and a silent server are NetworkError, TimeoutError', async () => {
  const p = await peer((r, s) => {
    if (r.path === '/garbage') s.write('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    else if (r.path === '/cut') {
      s.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly this');
      setTimeout(() => s.end(), 20);
    }
    // '/silent': no answer at all
  });
  return closing(p, makeTransport({ timeout: 1 }), async (t) => {
    const garbage = await t.send(get(p.origin, '/garbage')).then(() => undefined, (e: S3WireError) => e);
    check(garbage?.name === 'NetworkError', `garbage: ${String(garbage)}`);
    const cut = await t.send(get(p.origin, '/cut'));
    const cutErr = await cut.body.bytes().then(() => undefined, (e: S3WireError) => e);
    check(cutErr?.name === 'NetworkError', `cut: ${String(cutErr)}`);
    const t0 = Date.now();
    const silent = await t.send(get(p.origin, '/silent')).then(() => undefined, (e: S3WireError) => e);
    check(silent?.name === 'TimeoutError' && Date.now() - t0 < 5000, `silent: ${String(silent)} after ${Date.now() - t0} ms`);
    return [garbage, cutErr, silent].map((e) => `${e!.name}: ${e!.message}`).join(' / ');
  });
});

await step('a refused port is NetworkError ECONNREFUSED; a line break in a header is ArgumentError before any connection', async () => {
  const p = await peer((_r, s) => ok(s));
  const origin = p.origin;
  p.stop();
  await sleep(50);
  const t = makeTransport();
  const refused = await t.send(get(origin, '/')).then(() => undefined, (e: S3WireError) => e);
  check(refused?.name === 'NetworkError' && refused.code === 'ECONNREFUSED', `refused: ${String(refused)} ${refused?.code}`);
  const q = await peer((_r, s) => ok(s));
  try {
    const bad = await t.send({ ...get(q.origin, '/'), headers: { host: 'x', 'x-amz-meta-a': 'one\r\nx-injected: 1' } }).then(() => undefined, (e: S3WireError) => e);
    check(bad?.name === 'ArgumentError' && q.stats.connections === 0, `bad header: ${String(bad)}, ${q.stats.connections} connections`);
    return `${refused!.code}; ${bad!.name}: ${bad!.message}`;
  } finally {
    await t.close();
    q.stop();
  }
});

/**
 * A child of this runtime that sends one GET on this runtime's transport, prints `print` (an
 * expression of `res`) and never closes the transport: what it printed, its exit code, and how
 * long it took from its start to its exit.
 */
async function childGet(origin: string, path: string, print: string): Promise<{ out: string; exit: number | null; ms: number }> {
  const code = `import { ${transportName} } from ${JSON.stringify(new URL(`../../src/http/${transportFile}`, import.meta.url).pathname)};
const t = ${transportName}();
const res = await t.send({ method: 'GET', origin: ${JSON.stringify(origin)}, path: ${JSON.stringify(path)}, headers: { host: 'x' } });
console.log(${print});`;
  const t0 = Date.now();
  const { out, exit } = await runChild(code);
  return { out: out.trim(), exit, ms: Date.now() - t0 };
}

await step('idle connections do not keep the process alive: a script that never closes the client exits', async () => {
  const p = await peer((_r, s) => ok(s, 'hi'));
  try {
    const { out, exit, ms } = await childGet(p.origin, '/', 'await res.body.text()');
    // The idle connection lives 20 s; a ref'd socket would hold the child that long (or forever).
    // Under Node the child loads tsx first (~0.5-1 s).
    check(out === 'hi' && exit === 0 && ms < 3500, `child printed ${JSON.stringify(out)}, exit ${exit}, after ${ms} ms`);
    return `child answered and exited in ${ms} ms`;
  } finally {
    p.stop();
  }
});

await step('a body left unread does not keep the process alive: a script done with the head of a 64 MiB answer exits', async () => {
  const p = await peer((_r, s) => writeAll(s, pattern(64 * 1024 * 1024, 5)));
  try {
    const { out, exit, ms } = await childGet(p.origin, '/big', "res.status, res.headers['content-length']");
    // The connection, paused with 64 MiB to come, would hold the child until its 60 s timeout
    // (the child is killed at 10 s). Under Node the child loads tsx first (~0.5-1 s).
    check(out === '200 67108864' && exit === 0 && ms < 3500, `child printed ${JSON.stringify(out)}, exit ${exit}, after ${ms} ms`);
    return `child had the head and exited in ${ms} ms`;
  } finally {
    p.stop();
  }
});

await step('close() gives up a body handed out and never read (AbortError CLIENT_CLOSED), and leaves one being read to arrive whole', async () => {
  const size = 64 * 1024 * 1024;
  const body = pattern(size, 9);
  const p = await peer((_r, s) => writeAll(s, body));
  const t = makeTransport();
  try {
    const unread = await t.send(get(p.origin, '/unread'));
    const reading = await t.send(get(p.origin, '/reading'));
    const it = reading.body[Symbol.asyncIterator]();
    const parts = [(await it.next()).value!];
    await t.close();
    const e = (await unread.body.bytes().then(() => 'read', (x: unknown) => x)) as S3WireError;
    check(e instanceof Error && e.name === 'AbortError' && e.code === 'CLIENT_CLOSED', `the unread body's read: ${String(e)}`);
    for (let r = await it.next(); !r.done; r = await it.next()) parts.push(r.value);
    const got = Buffer.concat(parts);
    check(sha(got) === sha(body), `the body being read came as ${got.length} bytes`);
    return `unread: ${e.code}; being read: all ${got.length} identical`;
  } finally {
    await t.close();
    p.stop();
  }
});

await step('a connection that never opens is a TimeoutError at connectTimeout, and the pool has room after it', async () => {
  // A listener that never accepts, its one-slot queue filled: the kernel drops further SYNs, so a
  // connect hangs as it would on an address that swallows them (only 127.0.0.1 is used here).
  const holder = spawn('python3', ['-c', `import socket, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)
fill = []
for i in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(s.getsockname())
    except BlockingIOError: pass
    fill.append(c)
print(s.getsockname()[1], flush=True)
time.sleep(60)`], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = Number((await new Promise<string>((r) => holder.stdout.once('data', (d) => r(String(d))))).trim());
    await sleep(200);
    const t = makeTransport({ connectTimeout: 1, connections: 1 });
    const t0 = Date.now();
    const e = await t.send(get(`http://127.0.0.1:${port}`, '/')).then(() => undefined, (x: S3WireError) => x);
    const ms = Date.now() - t0;
    check(e?.name === 'TimeoutError' && ms >= 900 && ms < 4000, `got ${String(e)} after ${ms} ms`);
    // With connections: 1, a slot still counted as taken would leave the next request waiting for ever.
    const again = await t.send(get(`http://127.0.0.1:${port}`, '/')).then(() => undefined, (x: S3WireError) => x);
    check(again?.name === 'TimeoutError', `second: ${String(again)}`);
    await t.close();
    return `${e!.message} after ${ms} ms; the next request timed out as well, not stuck`;
  } finally {
    holder.kill();
  }
});

await step(`https goes through ${UNDER.tls}'s TLS sockets: an untrusted certificate, one for another name, a trusted CA, rejectUnauthorized: false`, async () => {
  const c = makeCert();
  const other = makeCert('DNS:other.example');
  let opened = 0;
  const server = await listen({ open: () => void opened++, data: (sock: any) => ok(sock, 'over tls') }, { key: c.key, cert: c.cert });
  const wrongName = await listen({ data: (sock: any) => ok(sock, 'wrong name') }, { key: other.key, cert: other.cert });
  try {
    const origin = `https://127.0.0.1:${server.port}`;
    const failure = async (t: Transport, at: string) => {
      const e = await t.send(get(at, '/')).then(() => undefined, (x: S3WireError) => x);
      await t.close();
      return e;
    };
    const untrusted = await failure(makeTransport(), origin);
    check(untrusted?.name === 'NetworkError' && /not trusted/.test(untrusted.message) && /CERT|SIGNED/.test(untrusted.code), `untrusted: ${String(untrusted)} ${untrusted?.code}`);
    // Trusted, but made out to other.example, not to the address asked for.
    const misnamed = await failure(makeTransport({ tls: { ca: other.cert } }), `https://127.0.0.1:${wrongName.port}`);
    check(misnamed?.name === 'NetworkError' && /ALTNAME|HOST|IP/.test(misnamed.code), `other name: ${String(misnamed)} ${misnamed?.code}`);
    const before = opened;
    const trusted = makeTransport({ tls: { ca: c.cert } });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) answers.push(`${(await trusted.send(get(origin, `/t${i}`))).status}`);
    await trusted.close();
    const onTrusted = opened - before;
    check(answers.join() === '200,200,200' && onTrusted === 1, `trusted: ${answers.join()} on ${onTrusted} connections`);
    let u: string;
    if (onDeno) {
      // Deno's TLS connections check every certificate (only a flag of deno's can turn that off):
      // the option is refused when the transport is made, before any connection.
      const e = (() => {
        try {
          makeTransport({ tls: { rejectUnauthorized: false } });
        } catch (x) {
          return x as S3WireError;
        }
      })();
      check(e?.name === 'ArgumentError' && e.code === 'InvalidTransportOption' && /unsafely-ignore-certificate-errors/.test(e.message), `rejectUnauthorized: false: ${String(e)}`);
      u = 'refused (ArgumentError)';
    } else {
      const unchecked = makeTransport({ tls: { rejectUnauthorized: false } });
      u = await (await unchecked.send(get(origin, '/'))).body.text();
      await unchecked.close();
      check(u === 'over tls', `rejectUnauthorized: false: ${u}`);
    }
    // The runtime reads NODE_EXTRA_CA_CERTS at start (Deno: DENO_CERT): a child that trusts the certificate gets the answer.
    const code = `import { ${transportName} } from ${JSON.stringify(new URL(`../../src/http/${transportFile}`, import.meta.url).pathname)};
const t = ${transportName}();
const res = await t.send({ method: 'GET', origin: ${JSON.stringify(origin)}, path: '/', headers: { host: '127.0.0.1' } });
console.log(res.status, await res.body.text());
await t.close();`;
    const { out, err } = await runChild(code, { ...process.env, [trustVariable]: c.file });
    check(out.trim() === '200 over tls', `trusted child printed ${JSON.stringify(out.trim())} ${err.slice(0, 300)}`);
    return `untrusted: ${untrusted!.code}; other name: ${misnamed!.code}; tls.ca: 3 answers on ${onTrusted} connection(s); rejectUnauthorized: false: ${u}; ${trustVariable}: ${out.trim()}`;
  } finally {
    server.stop();
    wrongName.stop();
    c.dispose();
    other.dispose();
  }
});

const allOk = steps.every((s) => s.ok);
console.log(JSON.stringify({ runtime: runtimeName(), ok: allOk, steps }));
process.exit(allOk ? 0 : 1);
