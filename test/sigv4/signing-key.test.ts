// The signing key: derivation, and the per-signer cache (bounded, and never keyed by the secret).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key

import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AsyncSigner,
  deriveSigningKey,
  deriveSigningKeyAsync,
  nodeCrypto,
  Signer,
  toHex,
  webCrypto,
  type BinaryLike,
  type SignerOptions,
  type SyncCrypto,
} from '../../src/sigv4/index.ts';
import { chunkSigner } from '../../src/sigv4/aws-chunked.ts';
import { MAX_CACHED_KEYS } from '../../src/sigv4/signing-key.ts';
import { signPostPolicy } from '../../src/sigv4/post-policy.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
// The worked example of the IAM User Guide ("Derive a signing key", 20150830/us-east-1/iam).
const IAM_EXAMPLE_KEY = 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9';

const options: SignerOptions = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: 'session' }, region: 'us-east-1' };
const req = { method: 'GET', host: 'bucket.s3.amazonaws.com', path: '/key' };
const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n, 12));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('deriveSigningKey', () => {
  it('reproduces the IAM User Guide example, sync and async', async () => {
    expect(toHex(deriveSigningKey(nodeCrypto, SECRET, '20150830', 'us-east-1', 'iam'))).toBe(IAM_EXAMPLE_KEY);
    expect(toHex(await deriveSigningKeyAsync(webCrypto(), SECRET, '20150830', 'us-east-1', 'iam'))).toBe(IAM_EXAMPLE_KEY);
  });
});

/** node:crypto, counting how many signing keys are derived (the HMAC keyed by "AWS4" + secret). */
function countingCrypto(): { crypto: SyncCrypto; derivations: () => number } {
  let n = 0;
  const isRoot = (key: BinaryLike) => typeof key === 'string' && key === 'AWS4' + SECRET;
  return {
    crypto: {
      ...nodeCrypto,
      hmac: (key, data) => {
        if (isRoot(key)) n++;
        return nodeCrypto.hmac(key, data);
      },
    },
    derivations: () => n,
  };
}

describe('the signer cache', () => {
  it('derives a key once per scope and keeps at most 16 scopes', () => {
    expect(MAX_CACHED_KEYS).toBe(16);
    const { crypto, derivations } = countingCrypto();
    const signer = new Signer(options, crypto);
    for (let i = 0; i < 16; i++) signer.sign(req, { date: day(i) });
    expect(derivations()).toBe(16);
    for (let i = 0; i < 16; i++) signer.sign(req, { date: day(i) });
    signer.presign(req, { date: day(3), expiresIn: 60 });
    signPostPolicy(signer, { date: day(5), policy: '{}' });
    expect(derivations()).toBe(16);

    signer.sign(req, { date: day(16) });
    expect(derivations()).toBe(17);
    // The 17th scope pushed out the oldest (day 0), and only that one.
    signer.sign(req, { date: day(0) });
    expect(derivations()).toBe(18);
    signer.sign(req, { date: day(15) });
    expect(derivations()).toBe(18);
  });

  it('the async signer keeps at most 16 scopes too, and forgets a failed derivation', async () => {
    let n = 0;
    let fail = false;
    const web = webCrypto();
    const signer = new AsyncSigner(options, {
      ...web,
      hmac: async (key, data) => {
        if (typeof key === 'string') {
          n++;
          if (fail) throw new Error('no key today');
        }
        return web.hmac(key, data);
      },
    });
    for (let i = 0; i <= 16; i++) await signer.sign(req, { date: day(i) });
    await signer.sign(req, { date: day(16) });
    expect(n).toBe(17);
    await signer.sign(req, { date: day(0) });
    expect(n).toBe(18);
    fail = true;
    await expect(signer.sign(req, { date: day(20) })).rejects.toThrow('no key today');
    fail = false;
    await signer.sign(req, { date: day(20) });
    expect(n).toBe(20);
  });

  it('keys by date, region and service', () => {
    const { crypto, derivations } = countingCrypto();
    const signer = new Signer(options, crypto);
    signer.sign(req, { date: day(0) });
    signer.sign(req, { date: day(0), region: 'eu-west-1' });
    signer.sign(req, { date: day(0), service: 's3-object-lambda' });
    signer.sign(req, { date: new Date(day(0).getTime() + 3_600_000) });
    expect(derivations()).toBe(3);
  });

  it('never uses the secret (or anything containing it) as a cache key', async () => {
    const keys: unknown[] = [];
    const record = (k: unknown) => keys.push(k);
    const mapGet = Map.prototype.get;
    vi.spyOn(Map.prototype, 'get').mockImplementation(function (this: Map<unknown, unknown>, k) {
      record(k);
      return mapGet.call(this, k);
    });
    const mapSet = Map.prototype.set;
    vi.spyOn(Map.prototype, 'set').mockImplementation(function (this: Map<unknown, unknown>, k, v) {
      record(k);
      return mapSet.call(this, k, v);
    });

    const sync = new Signer(options, nodeCrypto);
    const seed = sync.sign(req, { date: day(0), payload: { kind: 'streaming' } });
    chunkSigner(sync, seed).signChunk(seed.signature, new Uint8Array(8));
    sync.presign(req, { date: day(1), expiresIn: 60 });
    signPostPolicy(sync, { date: day(2), policy: '{}' });
    const web = new AsyncSigner(options, webCrypto());
    const seed2 = await web.sign(req, { date: day(0), payload: { kind: 'streaming' } });
    await chunkSigner(web, seed2).signChunk(seed2.signature, new Uint8Array(8));
    await web.presign(req, { date: day(1), expiresIn: 60 });
    await signPostPolicy(web, { date: day(2), policy: '{}' });

    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      const text = typeof k === 'string' ? k : String(k);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(0, 12));
    }
    expect(keys).toContain('20240101/us-east-1/s3/aws4_request');
  });

  it('does not show the secret or the session token when a signer is inspected or serialized', async () => {
    const TOKEN = 'session-token-not-for-logs';
    const withToken = { ...options, credentials: { ...options.credentials, sessionToken: TOKEN } };
    const sync = new Signer(withToken, nodeCrypto);
    sync.sign(req, { date: day(0) });
    const web = new AsyncSigner(withToken, webCrypto());
    await web.sign(req, { date: day(0) });
    for (const signer of [sync, web]) {
      for (const text of [inspect(signer, { depth: 10, showHidden: true }), JSON.stringify(signer)]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(TOKEN);
      }
    }
  });
});
