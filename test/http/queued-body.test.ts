// The queued response body both socket transports share (src/http/queued-body.ts), fed by hand:
// what a reader gets in each order of events, and when the source is paused, resumed or dropped.
import { describe, expect, it } from 'vitest';
import { HIGH_WATER, QueuedBody } from '../../src/http/queued-body.ts';

class Body extends QueuedBody {
  readonly events: string[] = [];
  push(chunk: Uint8Array): void {
    this.pushChunk(chunk);
  }
  end(): void {
    this.endBody();
  }
  fail(e: unknown): boolean {
    return this.failBody(e);
  }
  protected pauseSource(): void {
    this.events.push('pause');
  }
  protected resumeSource(): void {
    this.events.push('resume');
  }
  protected dropSource(): void {
    this.events.push('drop');
  }
}

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('QueuedBody', () => {
  it('bytes() of a body already whole in one chunk: a copy of its own, not a view into the read', async () => {
    const read = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const b = new Body();
    b.push(read.subarray(3, 7)); // as the HTTP/1.1 reader hands over the body after the head
    b.end();
    const out = await b.bytes();
    expect([...out]).toEqual([4, 5, 6, 7]);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(4);
    read.fill(0); // the socket's buffer reused: the copy is unchanged
    expect([...out]).toEqual([4, 5, 6, 7]);
    expect([...(await b.bytes())]).toEqual([]); // read once
    // Sockets hand over Buffers (Node and Bun), whose slice() is a view, not a copy.
    const buf = Buffer.from([1, 2, 3, 4, 5, 6]);
    const d = new Body();
    d.push(buf.subarray(2, 5));
    d.end();
    const got = await d.bytes();
    buf.fill(0);
    expect(got).toEqual(Uint8Array.from([3, 4, 5]));
    expect(Buffer.isBuffer(got)).toBe(false);
  });

  it('bytes() joins several chunks, and waits for the ones still to come', async () => {
    const b = new Body();
    b.push(bytes(2, 1));
    const p = b.bytes();
    b.push(bytes(3, 2));
    b.push(new Uint8Array(0)); // dropped
    b.end();
    expect([...(await p)]).toEqual([1, 1, 2, 2, 2]);
    const c = new Body();
    c.push(bytes(1, 9));
    c.push(bytes(1, 8));
    c.end();
    expect([...(await c.bytes())]).toEqual([9, 8]);
    const empty = new Body();
    empty.end();
    expect((await empty.bytes()).length).toBe(0);
  });

  it('a failure reaches bytes() and the iterator, queued chunks or not', async () => {
    const b = new Body();
    b.push(bytes(4, 1));
    expect(b.fail(new Error('cut'))).toBe(true);
    await expect(b.bytes()).rejects.toThrow('cut');
    const c = new Body();
    c.push(bytes(4, 1));
    c.end();
    expect(c.fail(new Error('late'))).toBe(false); // ended first: the body is whole
    expect((await c.bytes()).length).toBe(4);
  });

  it('pauses the source above HIGH_WATER unread, resumes at half, drops it on an early break', async () => {
    const b = new Body();
    const chunk = HIGH_WATER / 4;
    for (let i = 0; i < 4; i++) b.push(bytes(chunk, i));
    expect(b.events).toEqual(['pause']);
    await b.next();
    expect(b.events).toEqual(['pause']);
    await b.next(); // half read: resumed
    expect(b.events).toEqual(['pause', 'resume']);
    for await (const _ of b) break;
    expect(b.events.at(-1)).toBe('drop');
  });
});
