// The HTTP/1.1 pool's idle limits (src/http/http1-pool.ts) with sockets that only record what is
// done to them: whether a connection is reused or closed must not depend on its socket's idle timer
// firing on time (Bun's are coarse). What the timers do on real sockets, and the server's
// Keep-Alive hint end to end, are steps of test/http/http1-transport.ts, under Node and Bun.
import { describe, expect, it } from 'vitest';
import { keepAliveTimeout, Pool, type TcpConnect, type TcpSocket } from '../../src/http/http1-pool.ts';

interface Recorded extends TcpSocket {
  timeouts: number[];
  terminated: boolean;
}

function recordingPool(keepAlive: number) {
  const sockets: Recorded[] = [];
  const connect: TcpConnect = async ({ data }) => {
    const s: Recorded = {
      data,
      timeouts: [],
      terminated: false,
      write: (d) => d.length,
      end() {},
      terminate() {
        s.terminated = true;
      },
      pause() {},
      resume() {},
      timeout(seconds) {
        s.timeouts.push(seconds);
      },
      ref() {},
      unref() {},
    };
    sockets.push(s);
    return s;
  };
  return { pool: new Pool('127.0.0.1', 9, 4, 60, keepAlive, 10, connect), sockets };
}

describe('keepAliveTimeout (the Keep-Alive header)', () => {
  it.each([
    ['timeout=5', 5],
    ['timeout=5, max=100', 5],
    ['max=100, timeout=30', 30],
    ['Timeout = 7', 7],
    ['timeout="9"', 9],
  ])('%s -> %s s', (header, seconds) => expect(keepAliveTimeout(header)).toBe(seconds));

  it.each([['max=100'], ['notimeout=5'], ['timeout=soon'], ['']])('%s -> none', (header) => expect(keepAliveTimeout(header)).toBeUndefined());
});

describe('Pool idle limits', () => {
  it('keeps an idle connection keepAlive seconds with no hint, 2 s below a hint under that, and closes one with a hint of 2 s or less at once', async () => {
    const { pool, sockets } = recordingPool(20);
    const a = (await pool.connect()).conn;
    const b = (await pool.connect()).conn;
    const c = (await pool.connect()).conn;
    b.serverKeepAlive = 5;
    c.serverKeepAlive = 2;
    pool.release(a);
    pool.release(b);
    pool.release(c);
    expect([a.idleLimit, b.idleLimit]).toEqual([20_000, 3_000]);
    expect(sockets.map((s) => s.timeouts.at(-1))).toEqual([20, 3, undefined]);
    expect(sockets.map((s) => s.terminated)).toEqual([false, false, true]);
    expect(pool.idle).toEqual([a, b]);
    expect(pool.open).toBe(2);
  });

  it('closes, not reuses, a connection idle past its limit whose timer has not fired, and hands out the next one', async () => {
    const { pool, sockets } = recordingPool(20);
    const older = (await pool.connect()).conn;
    const newer = (await pool.connect()).conn;
    pool.release(older);
    pool.release(newer);
    // The newer one went idle 3 s ago with a limit of 2 s; the older one is within its 20 s.
    newer.idleLimit = 2_000;
    newer.idleSince = Date.now() - 3_000;
    expect(pool.idleConnection()).toBe(older);
    expect(sockets.map((s) => s.terminated)).toEqual([false, true]);
    expect(pool.idle).toEqual([]);
    expect(pool.open).toBe(1);
  });

  it('a stream body (maxIdleMs) passes over a connection within its limit but idle too long for it, and leaves it pooled', async () => {
    const { pool, sockets } = recordingPool(20);
    const c = (await pool.connect()).conn;
    pool.release(c);
    c.idleSince = Date.now() - 1_500;
    expect(pool.idleConnection(1_000)).toBeUndefined();
    expect(pool.idle).toEqual([c]);
    expect(sockets[0]!.terminated).toBe(false);
    expect(pool.idleConnection()).toBe(c);
  });
});
