// undiciTransport()'s options, checked when it is made: before undici loads, before any connection.
// (Its requests are the live suites' default transport; over https in test/live/tls.test.ts.)
import { describe, expect, it } from 'vitest';
import { ArgumentError, netTransport, undiciTransport } from '../../src/index.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('undiciTransport options', () => {
  const bad: [string, object][] = [
    ['connections', { connections: 0 }],
    ['connections', { connections: 2.5 }],
    ['headersTimeout', { headersTimeout: -1 }],
    ['bodyTimeout', { bodyTimeout: Number.NaN }],
    ['keepAliveTimeout', { keepAliveTimeout: 0 }],
    ['keepAliveTimeout', { keepAliveTimeout: Infinity }],
    ['keepAliveTimeout', { keepAliveTimeout: '30s' }],
    ['tls', { tls: 'yes' }],
    ['tls.ca', { tls: { ca: 'not a certificate' } }],
    ['tls.ca', { tls: { ca: new Uint8Array([0x30, 0x82, 0x01]) } }],
    ['tls.ca', { tls: { ca: [PEM, 42] } }],
    ['tls.rejectUnauthorized', { tls: { rejectUnauthorized: 'false' } }],
  ];
  it.each(bad)('%s in %o is an ArgumentError when the transport is made', (name, options) => {
    const err = thrown(() => undiciTransport(options as never));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).code).toBe('InvalidTransportOption');
    expect((err as ArgumentError).message).toContain(name);
  });

  it("netTransport checks its tls as undici's, at once (the same checks, src/http/tls-options.ts)", () => {
    const err = thrown(() => netTransport({ tls: { ca: 'nope' } }));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).message).toContain('tls.ca');
  });

  it('takes PEM as a string, as bytes or in a list, and 0 ms to turn a timeout off', async () => {
    for (const options of [{ tls: { ca: PEM } }, { tls: { ca: new TextEncoder().encode(PEM) } }, { tls: { ca: [PEM, PEM], rejectUnauthorized: true } }, { connections: 1, headersTimeout: 0, bodyTimeout: 0 }]) {
      expect(thrown(() => undiciTransport(options))).toBeUndefined();
    }
    await undiciTransport().close();
  });
});
