// The fetch transport against real servers: a response body read to the end comes whole, and
// leaving it early (break) cancels it, through the stream's own async iterator (Node's streams
// have one) and through the fallback for runtimes whose streams have none (iterateWebStream).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/http/fetch-transport.ts';
import { S3Client as NodeS3Client } from '../../src/index.ts';
import { S3Client } from '../../src/index.web.ts';
import { liveServers, type LiveServer } from '../servers/servers.ts';
import { MiB, dropBucket, generate, hashStream } from '../transfer/helpers.ts';

describe.each(liveServers())('fetch transport on $name', (server: LiveServer) => {
  const bucket = `fetch-${randomBytes(4).toString('hex')}`;
  const BIG = 8 * MiB + 3;
  let bigSha = '';
  const clients: S3Client[] = [];
  /** A client whose fetch keeps every Response; `plainStreams` hides the bodies' async iterator. */
  const clientWith = (plainStreams: boolean) => {
    const responses: Response[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (plainStreams && res.body) Object.defineProperty(res.body, Symbol.asyncIterator, { value: undefined });
      responses.push(res);
      return res;
    };
    const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server, transport: fetchTransport(recording) });
    clients.push(s3);
    return { s3, responses };
  };

  const setup = new NodeS3Client({ endpoint: server.endpoint, region: server.region, credentials: server });
  beforeAll(async () => {
    const s3 = setup;
    await s3.createBucket({ bucket });
    const src = generate('fetch-big', BIG);
    await s3.upload({ bucket, key: 'big.bin', body: src.stream, partSize: 5 * MiB });
    bigSha = src.sha256();
  }, 120_000);
  afterAll(async () => {
    await dropBucket(setup, bucket);
    await setup.close();
    for (const c of clients) await c.close();
  });

  for (const plainStreams of [false, true]) {
    const how = plainStreams ? 'streams without an async iterator (the fallback)' : "the stream's own async iterator";
    it(`reads a body whole, and a break cancels it: ${how}`, async () => {
      const { s3, responses } = clientWith(plainStreams);
      expect(await hashStream((await s3.getObject({ bucket, key: 'big.bin' })).body)).toEqual({ sha256: bigSha, length: BIG });

      const res = await s3.getObject({ bucket, key: 'big.bin' });
      let first = 0;
      for await (const chunk of res.body) {
        first = chunk.length;
        break;
      }
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(BIG);
      // Cancelled: a new reader of that body finds it done at once, with nothing left of its megabytes.
      const reader = responses.at(-1)!.body!.getReader();
      expect((await reader.read()).done).toBe(true);
      // And the client goes on.
      expect(await (await s3.getObject({ bucket, key: 'big.bin', range: { start: 0, end: 9 } })).body.bytes()).toHaveLength(10);
    });
  }
});
