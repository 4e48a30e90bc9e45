// netTransport() (our HTTP/1.1 on node:net) against every live server and a raw HTTP/1.1 peer: the
// scenario script the bun entry's transport runs under Bun (test/http/http1-transport.ts), run here
// under Node, in a child of its own (it exits with its report), its report asserted step by step.
import { describe, expect, it } from 'vitest';
import { bunTransport } from '../../src/http/bun-transport.ts';
import { ArgumentError, netTransport } from '../../src/index.ts';
import { runScenario } from '../edge/runtimes.ts';
import { liveServers } from '../servers/servers.ts';

describe('netTransport and bunTransport options', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['connections', { connections: 0 }],
    ['connections', { connections: 2.5 }],
    ['connections', { connections: -1 }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: Infinity }],
    ['keepAlive', { keepAlive: Number.NaN }],
    ['connectTimeout', { connectTimeout: '10' }],
    ['tls', { tls: { ca: 'not a certificate' } }],
    ['tls', { tls: { rejectUnauthorized: 'no' } }],
    ['tls', { tls: 'yes' }],
  ];
  it.each(bad)('%s in %o is an ArgumentError when the transport is made, before any connection', (name, options) => {
    for (const make of [netTransport, bunTransport]) {
      let err: unknown;
      try {
        make(options as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as ArgumentError).code).toBe('InvalidTransportOption');
      expect((err as ArgumentError).message).toContain(name);
    }
  });

  it('takes whole counts and positive seconds', async () => {
    const t = netTransport({ connections: 1, timeout: 0.5, keepAlive: 1, connectTimeout: 2 });
    await t.close();
  });
});

describe.each(liveServers())('netTransport on $name and a raw peer', (server) => {
  it('keeps, drops, retries and streams as it should', { timeout: 180_000 }, async () => {
    const { report, stderr } = await runScenario(process.execPath, ['--import', 'tsx', 'test/http/http1-transport.ts'], server);
    console.log(`[${report.runtime} on ${server.name}]\n` + report.steps.map((s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`).join('\n'));
    if (stderr.trim()) console.log(stderr);
    expect(report.runtime).toBe(`node ${process.version}`);
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    // Every step ran: the live ones, the peer's, and the https one.
    expect(report.steps.length).toBe(29);
    expect(report.steps.map((s) => s.step)).toContain('peer: a slow reader holds the server back (the socket is paused), then reads all');
    expect(report.ok).toBe(true);
  });
});
