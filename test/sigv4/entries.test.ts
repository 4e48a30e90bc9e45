// What each s3wire/sigv4 entry offers (package.json "exports"): the core on Node and on the web,
// and the entries split off it so that a signing tool does not ship them.

import { describe, expect, it } from 'vitest';
import * as chunked from '../../src/sigv4/aws-chunked.ts';
import * as constants from '../../src/sigv4/constants.ts';
import * as bun from '../../src/sigv4/index.bun.ts';
import * as node from '../../src/sigv4/index.ts';
import * as web from '../../src/sigv4/index.web.ts';
import * as postPolicy from '../../src/sigv4/post-policy.ts';

const options = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1' };
const req = { method: 'PUT', host: 'examplebucket.s3.amazonaws.com', path: '/k' };
const date = new Date('2013-05-24T00:00:00Z');

describe('s3wire/sigv4', () => {
  it('on Node: the sync Signer from createSigner, and the async one beside it', () => {
    expect(node.createSigner(options)).toBeInstanceOf(node.Signer);
    expect(typeof node.AsyncSigner).toBe('function');
    expect(node.nodeCrypto.mode).toBe('sync');
  });

  it("under Bun: the sync Signer from createSigner, on Bun's hashes; the rest as on Node", () => {
    const s = bun.createSigner(options);
    expect(s).toBeInstanceOf(node.Signer);
    expect(s.crypto).toBe(bun.bunCrypto);
    expect(node.createSigner(options).crypto).toBe(node.nodeCrypto);
    expect(Object.keys(bun).sort()).toEqual([...Object.keys(node), 'bunCrypto'].sort());
    // Signing itself needs Bun: test/edge/bun-crypto.ts runs the vectors through it there.
  });

  it('on the web: AsyncSigner only', () => {
    expect(web.createSigner(options)).toBeInstanceOf(web.AsyncSigner);
    expect(Object.keys(web)).not.toContain('Signer');
    expect(Object.keys(web)).not.toContain('nodeCrypto');
  });

  it('the same step functions on both', () => {
    const nodeOnly = new Set(['Signer', 'nodeCrypto']);
    expect(Object.keys(node).filter((k) => !nodeOnly.has(k))).toEqual(Object.keys(web));
  });

  it('leaves aws-chunked, POST policies and the wire constants to their own entries', () => {
    for (const name of ['awsChunked', 'chunkSigner', 'signPostPolicy', 'ALGORITHM', 'UNSIGNED_PAYLOAD']) {
      expect(Object.keys(web), name).not.toContain(name);
    }
    expect(typeof chunked.chunkSigner).toBe('function');
    expect(typeof chunked.awsChunked).toBe('function');
    expect(typeof postPolicy.signPostPolicy).toBe('function');
    expect(constants.ALGORITHM).toBe('AWS4-HMAC-SHA256');
  });
});

describe('chunkSigner and signPostPolicy take either signer', () => {
  it('and give the same signatures', async () => {
    const sync = node.createSigner(options);
    const async_ = web.createSigner(options);
    const seed = sync.sign(req, { date, payload: { kind: 'streaming' } });
    expect((await async_.sign(req, { date, payload: { kind: 'streaming' } })).signature).toBe(seed.signature);
    const data = new Uint8Array(8192).fill(97);
    const a = chunked.chunkSigner(sync, seed).signChunk(seed.signature, data);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await chunked.chunkSigner(async_, seed).signChunk(seed.signature, data)).toBe(a);
    const input = { date, policy: { expiration: '2013-05-25T00:00:00Z', conditions: [{ bucket: 'examplebucket' }] } };
    const p = postPolicy.signPostPolicy(sync, input);
    expect(await postPolicy.signPostPolicy(async_, input)).toEqual(p);
    expect(p.fields['x-amz-credential']).toBe('AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request');
  });

  it('an async signer reports a bad POST policy date as a rejection, not a throw', async () => {
    const result = postPolicy.signPostPolicy(web.createSigner(options), { date: new Date(NaN), policy: '{}' });
    await expect(result).rejects.toThrow(RangeError);
  });
});
