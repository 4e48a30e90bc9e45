// The Node transport against real servers, seen through a TCP proxy: HEADs keep their connection,
// large bodies stream with backpressure, discard() leaves the connection reusable, and a body cut
// by an abort or by the network fails the read with the same errors as before the dispatch() rewrite.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, S3Client, undiciTransport } from '../../src/index.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, dropBucket, generate, hashStream } from '../transfer/helpers.ts';
import { kernelBuffers, startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const settle = () => new Promise((r) => setTimeout(r, 50));
const run = promisify(execFile);

describe.each(liveServers())('undici transport on $name', (server: LiveServer) => {
  const bucket = `transport-${randomBytes(4).toString('hex')}`;
  const BIG = 48 * MiB + 5;
  let proxy: TcpProxy;
  let s3: S3Client;
  let bigSha: string;

  beforeAll(async () => {
    proxy = await startTcpProxy(server.endpoint);
    s3 = new S3Client({ endpoint: proxy.endpoint, region: server.region, credentials: server, maxAttempts: 1 });
    await s3.createBucket({ bucket });
    await s3.putObject({ bucket, key: 'small.txt', body: 'hello' });
    const src = generate('transport-big', BIG);
    await s3.upload({ bucket, key: 'big.bin', body: src.stream, partSize: 16 * MiB });
    bigSha = src.sha256();
  }, 120_000);
  afterAll(async () => {
    await dropBucket(s3, bucket);
    await s3.close();
    await proxy.close();
  });

  /** A client on a proxy of its own (so its connections are counted alone), both closed after `fn`. */
  async function withOwnClient(transport: Parameters<typeof undiciTransport>[0] | undefined, fn: (c: S3Client, own: TcpProxy) => Promise<void>): Promise<void> {
    const own = await startTcpProxy(server.endpoint);
    const c = new S3Client({ endpoint: own.endpoint, region: server.region, credentials: server, maxAttempts: 1, ...(transport ? { transport: undiciTransport(transport) } : {}) });
    try {
      await fn(c, own);
    } finally {
      await c.close();
      await own.close();
    }
  }

  it('sequential HEADs keep their connection (undici closes it after a HEAD unless told not to)', async () => {
    await s3.headObject({ bucket, key: 'small.txt' });
    const { opened, closed } = proxy;
    for (let i = 0; i < 40; i++) expect((await s3.headObject({ bucket, key: 'small.txt' })).contentLength).toBe(5);
    await settle();
    expect(proxy.closed - closed).toBe(0);
    expect(proxy.opened - opened).toBe(0);
  });

  it('HEADs at concurrency 16 reuse their connections round after round, none is closed', async () => {
    const round = () => Promise.all(Array.from({ length: 16 }, () => s3.headObject({ bucket, key: 'small.txt' })));
    await round();
    const { opened, closed } = proxy;
    for (let i = 0; i < 5; i++) await round();
    await settle();
    expect(proxy.closed - closed).toBe(0);
    expect(proxy.opened - opened).toBe(0);
  });

  // undici offers a connection again a setImmediate after its answer (pipelining 1): a request
  // sent before then, as a worker's next one is, found it busy and got a connection of its own,
  // up to the pool's 64 (54 for 32 workers of 20 HEADs, 64 for 32 of 100 PUTs). The reader now
  // hears of an answer's end after that Immediate.
  it.each(['PUT', 'GET', 'HEAD', 'DELETE'] as const)('16 workers of 12 %ss each, every one sent as soon as the last is answered, open 16 connections and no more', async (op) => {
    await withOwnClient(undefined, async (c, own) => {
      await Promise.all(
        Array.from({ length: 16 }, async (_, w) => {
          for (let i = 0; i < 12; i++) {
            const key = `conns/${w}-${i}`;
            if (op === 'PUT') await c.putObject({ bucket, key, body: 'hello' });
            else if (op === 'GET') expect(await (await c.getObject({ bucket, key: 'small.txt' })).body.text()).toBe('hello');
            else if (op === 'HEAD') expect((await c.headObject({ bucket, key: 'small.txt' })).contentLength).toBe(5);
            else await c.deleteObject({ bucket, key });
          }
        }),
      );
      expect(own.opened).toBe(16);
      expect(own.closed).toBe(0);
    });
  });

  it("keepAliveTimeout: an idle connection is closed after it, and kept for the next request within it (the default, 20 s, past undici's 4 s)", async () => {
    for (const [ms, idle, reopened] of [
      [100, 400, 1],
      [5_000, 400, 0],
      [undefined, 4_500, 0],
    ] as const) {
      // A proxy of its own: the suite's client, idle on the shared one, may time out meanwhile.
      await withOwnClient(ms === undefined ? {} : { keepAliveTimeout: ms }, async (c, own) => {
        await c.headObject({ bucket, key: 'small.txt' });
        await new Promise((r) => setTimeout(r, idle));
        expect(own.closed).toBe(reopened);
        expect((await c.headObject({ bucket, key: 'small.txt' })).contentLength).toBe(5);
        expect(own.opened).toBe(1 + reopened);
      });
    }
  });

  it('a large body streams with backpressure: a reader that stops holds the server back', async () => {
    const before = proxy.downstreamBytes;
    const res = await s3.getObject({ bucket, key: 'big.bin' });
    const it = res.body[Symbol.asyncIterator]();
    let read = 0;
    while (read < MiB) read += (await it.next()).value!.length;
    await new Promise((r) => setTimeout(r, 500));
    // Read so far, plus the transport's 1 MiB queue, a socket's read or two, and what the kernel
    // holds: short of the whole 48 MiB that the server would have sent by now without backpressure
    // (a bound that is not is no test here).
    const bound = read + 2 * MiB + kernelBuffers();
    expect(bound).toBeLessThan(BIG);
    expect(proxy.downstreamBytes - before).toBeLessThan(bound);
    const rest = await hashStream({ [Symbol.asyncIterator]: () => it });
    expect(rest.length + read).toBe(BIG);
  });

  it('the whole body, read as it comes, is the object', async () => {
    const res = await s3.getObject({ bucket, key: 'big.bin' });
    expect(await hashStream(res.body)).toEqual({ sha256: bigSha, length: BIG });
    expect(await (await s3.getObject({ bucket, key: 'small.txt' })).body.text()).toBe('hello');
    const bytes = await (await s3.getObject({ bucket, key: 'small.txt' })).body.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString()).toBe('hello');
  });

  it('discard() reads the rest of a body and keeps the connection for the next request', async () => {
    await settle();
    const { closed } = proxy;
    const before = proxy.downstreamBytes;
    const res = await s3.getObject({ bucket, key: 'big.bin' });
    await res.body[Symbol.asyncIterator]().next();
    await res.body.discard();
    expect(proxy.downstreamBytes - before).toBeGreaterThanOrEqual(BIG);
    expect((await s3.headObject({ bucket, key: 'big.bin' })).contentLength).toBe(BIG);
    await settle();
    expect(proxy.closed - closed).toBe(0);
  });

  it('leaving a body early (break) closes that connection only; the client goes on', async () => {
    const { closed } = proxy;
    const res = await s3.getObject({ bucket, key: 'big.bin' });
    for await (const _ of res.body) break;
    await settle();
    expect(proxy.closed - closed).toBe(1);
    expect(await (await s3.getObject({ bucket, key: 'small.txt' })).body.text()).toBe('hello');
  });

  it("an abort mid-body fails the read with the signal's reason; before the answer, with AbortError", async () => {
    const ac = new AbortController();
    const res = await s3.getObject({ bucket, key: 'big.bin' }, { signal: ac.signal });
    let n = 0;
    const e = await (async () => {
      for await (const c of res.body) if ((n += c.length) > 4 * MiB) ac.abort();
    })().catch((x: unknown) => x);
    expect(e).toBe(ac.signal.reason);
    expect((e as Error).name).toBe('AbortError');
    expect(n).toBeLessThan(BIG);

    const early = new AbortController();
    const pending = s3.getObject({ bucket, key: 'big.bin' }, { signal: early.signal });
    early.abort();
    const e2 = await pending.catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(AbortError);
    expect((e2 as AbortError).code).toBe('ABORTED');
    expect(await (await s3.getObject({ bucket, key: 'small.txt' })).body.text()).toBe('hello');
  });

  it('close() gives up a body handed out and never read (AbortError CLIENT_CLOSED), and waits for one being read, which arrives whole', async () => {
    // undici's own close() waits for every request to end: before, it never resolved here (a
    // 48 MiB body nobody reads never ends), and a script awaiting it ended with exit code 13.
    await withOwnClient(undefined, async (c, own) => {
      const unread = await c.getObject({ bucket, key: 'big.bin' });
      const reading = await c.getObject({ bucket, key: 'big.bin' });
      const it = reading.body[Symbol.asyncIterator]();
      const h = createHash('sha256');
      let n = 0;
      const take = (r: IteratorResult<Uint8Array>) => (h.update(r.value), (n += r.value.length));
      take(await it.next());
      const closed = c.close();
      const e = await unread.body.bytes().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AbortError);
      expect((e as AbortError).code).toBe('CLIENT_CLOSED');
      for (let r = await it.next(); !r.done; r = await it.next()) take(r);
      expect({ sha256: h.digest('hex'), length: n }).toEqual({ sha256: bigSha, length: BIG });
      await closed;
      await settle();
      expect(own.closed).toBe(own.opened);
    });
  });

  it('a body left unread with little of it to come does not keep the process alive (undici is not paused for the last 256 KiB)', async () => {
    // Paused with under its stream's high-water mark left, undici's socket kept reading, ref'd: a
    // script done with the head of a 1 MiB + 10 KiB answer waited for the server to close the
    // connection (30 s on MinIO). The child is killed at 20 s.
    await s3.putObject({ bucket, key: 'near-end.bin', body: new Uint8Array(MiB + 10 * 1024) });
    const code = `import { S3Client } from ${JSON.stringify(new URL('../../src/index.ts', import.meta.url).pathname)};
const e = process.env;
const s3 = new S3Client({ endpoint: e.T_ENDPOINT, region: e.T_REGION, credentials: { accessKeyId: e.T_KEY, secretAccessKey: e.T_SECRET }, maxAttempts: 1 });
const res = await s3.getObject({ bucket: e.T_BUCKET, key: 'near-end.bin' });
console.log(res.contentLength);`;
    const env = { PATH: process.env.PATH, T_ENDPOINT: server.endpoint, T_REGION: server.region, T_KEY: server.accessKeyId, T_SECRET: server.secretAccessKey, T_BUCKET: bucket };
    const t0 = Date.now();
    const r = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env, timeout: 20_000 }).catch((x: { stdout?: string; signal?: string }) => ({ stdout: `${x.stdout ?? ''} (${x.signal ?? 'failed'})` }));
    const ms = Date.now() - t0;
    expect(r.stdout.trim()).toBe(String(MiB + 10 * 1024));
    expect(ms).toBeLessThan(8_000);
  });

  it("a connection cut mid-body fails the read with undici's socket error (UND_ERR_SOCKET)", async () => {
    const res = await s3.getObject({ bucket, key: 'big.bin' });
    proxy.cutAfter(8 * MiB);
    let n = 0;
    const e = await (async () => {
      for await (const c of res.body) n += c.length;
    })().catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('UND_ERR_SOCKET');
    expect(n).toBeLessThan(BIG);
    expect(await (await s3.getObject({ bucket, key: 'small.txt' })).body.text()).toBe('hello');
  });
});
