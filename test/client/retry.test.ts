// The pipeline's retry rules, with a scripted transport standing in for a flaky network (the
// S3 behaviour itself is tested against live servers; this is only about when we try again).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NetworkError, S3Client, ServiceError, type HttpRequest, type HttpResponse, type Transport } from '../../src/index.ts';

function body(text: string): HttpResponse['body'] {
  const bytes = new TextEncoder().encode(text);
  return {
    async *[Symbol.asyncIterator]() {
      yield bytes;
    },
    bytes: async () => bytes,
    text: async () => text,
    stream: () => new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
    discard: async () => {},
  };
}

const slowDown = `<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>R1</RequestId></Error>`;

function scripted(answers: Array<'503' | 'reset' | '200' | '403'>) {
  const seen: HttpRequest[] = [];
  const transport: Transport = {
    async send(req): Promise<HttpResponse> {
      seen.push(req);
      const a = answers[seen.length - 1] ?? '200';
      if (a === 'reset') throw new NetworkError('ECONNRESET', 'connection reset', req.origin);
      if (a === '503') return { status: 503, headers: {}, body: body(slowDown) };
      if (a === '403') return { status: 403, headers: {}, body: body('<Error><Code>AccessDenied</Code><Message>no</Message></Error>') };
      return { status: 200, headers: { etag: '"abc"' }, body: body('') };
    },
    async close() {},
  };
  return { seen, client: new S3Client({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, transport }) };
}

describe('retries', () => {
  it('retries SlowDown and a reset connection for a replayable body, re-signing each attempt', async () => {
    const { seen, client } = scripted(['503', 'reset', '200']);
    const r = await client.putObject({ bucket: 'bucket', key: 'k', body: 'hello' });
    expect(r.eTag).toBe('"abc"');
    expect(seen).toHaveLength(3);
    for (const req of seen) expect(req.body).toEqual(new TextEncoder().encode('hello'));
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { seen, client } = scripted(['503', '503', '503', '200']);
    const e = await client.putObject({ bucket: 'bucket', key: 'k', body: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).code).toBe('SlowDown');
    expect((e as ServiceError).requestId).toBe('R1');
    expect(seen).toHaveLength(3);
  });

  it('does not retry what cannot succeed (AccessDenied)', async () => {
    const { seen, client } = scripted(['403', '200']);
    await expect(client.headBucket({ bucket: 'bucket' })).rejects.toThrow(/AccessDenied/);
    expect(seen).toHaveLength(1);
  });

  it('never retries a stream body: it cannot be read twice', async () => {
    const { seen, client } = scripted(['503', '200']);
    const e = await client.putObject({ bucket: 'bucket', key: 'k', body: Readable.from([new Uint8Array(10)]), contentLength: 10 }).catch((x: unknown) => x);
    expect((e as ServiceError).code).toBe('SlowDown');
    expect(seen).toHaveLength(1);
  });
});
