// download()'s read-ahead against real servers: exactly `concurrency` ranged GETs at once, the
// first response included, and never more than `concurrency` ranges' bytes held for a slow reader.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse, Transport } from '../../src/index.ts';
import { undiciTransport } from '../../src/http/undici-transport.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, clientFor, dropBucket, generate, hashStream } from './helpers.ts';

/** A transport that counts response bodies being read and the bytes they have handed on. */
function countingTransport() {
  const inner = undiciTransport();
  const stats = { inFlight: 0, maxInFlight: 0, fetched: 0 };
  const track = (res: HttpResponse): HttpResponse => {
    const body = res.body;
    let open = true;
    const done = () => {
      if (open) stats.inFlight--;
      open = false;
    };
    async function* counted() {
      try {
        for await (const c of body) {
          stats.fetched += c.length;
          yield c;
        }
      } finally {
        done();
      }
    }
    return { ...res, body: { ...body, bytes: body.bytes.bind(body), text: body.text.bind(body), stream: body.stream.bind(body), discard: () => (done(), body.discard()), [Symbol.asyncIterator]: () => counted() } };
  };
  const t: Transport & { stats: typeof stats } = {
    stats,
    async send(req) {
      stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
      try {
        return track(await inner.send(req));
      } catch (e) {
        stats.inFlight--;
        throw e;
      }
    },
    close: () => inner.close(),
  };
  return t;
}

describe.each(liveServers())('download() read-ahead on $name', (server: LiveServer) => {
  const bucket = `dl-ahead-${randomBytes(4).toString('hex')}`;
  const s3 = clientFor(server);
  const SIZE = 40 * MiB + 123;
  let sha: string;

  beforeAll(async () => {
    await s3.createBucket({ bucket });
    const src = generate('dl-ahead', SIZE);
    await s3.upload({ bucket, key: 'obj.bin', body: src.stream, partSize: 16 * MiB });
    sha = src.sha256();
  }, 120_000);
  afterAll(async () => {
    await dropBucket(s3, bucket);
    await s3.close();
  });

  it.each([1, 3, 4])('concurrency %i: that many GETs at once, at most that many ranges held for a slow reader', { timeout: 120_000 }, async (concurrency) => {
    const transport = countingTransport();
    const c = clientFor(server, { transport });
    const partSize = 4 * MiB;
    const d = await c.download({ bucket, key: 'obj.bin', partSize, concurrency });
    let consumed = 0;
    let maxHeld = 0;
    let sinceNap = 0;
    async function* slowly() {
      for await (const chunk of d.body) {
        consumed += chunk.length;
        maxHeld = Math.max(maxHeld, transport.stats.fetched - consumed);
        yield chunk;
        // A reader slower than the network: the ranges behind fill up while it naps.
        if ((sinceNap += chunk.length) >= 2 * MiB) {
          sinceNap = 0;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }
    expect(await hashStream(slowly())).toEqual({ sha256: sha, length: SIZE });
    expect(transport.stats.maxInFlight).toBe(concurrency);
    expect(maxHeld).toBeLessThanOrEqual(concurrency * partSize);
    expect(maxHeld).toBeGreaterThan(concurrency > 1 ? partSize : 0);
    expect(transport.stats.inFlight).toBe(0);
    await c.close();
  });
});
