// Presigned URLs: the X-Amz-Expires bounds and the shape of the query string; and the request
// date that both kinds of signature carry.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html

import { describe, expect, it } from 'vitest';
import { MAX_EXPIRES } from '../../src/sigv4/constants.ts';
import { AsyncSigner, createSigner, GENERIC_SETTINGS, webCrypto, type SignerOptions } from '../../src/sigv4/index.ts';
import { validateExpires } from '../../src/sigv4/request-plan.ts';

const options: SignerOptions = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'tok/en+=' },
  region: 'us-east-1',
};
const req = { method: 'GET', host: 'examplebucket.s3.amazonaws.com', path: '/test.txt' };
const date = new Date('2013-05-24T00:00:00Z');

describe('expiresIn', () => {
  it('is at most seven days', () => {
    expect(MAX_EXPIRES).toBe(604_800);
  });

  it.each([1, 2, 3600, 86_400, 604_800])('accepts %d', (expiresIn) => {
    expect(() => validateExpires(expiresIn)).not.toThrow();
    expect(createSigner(options).presign(req, { date, expiresIn }).queryString).toContain(`X-Amz-Expires=${expiresIn}&`);
  });

  it.each([0, -1, 604_801, 1.5, 0.5, 604_800.5, NaN, Infinity, -Infinity])('rejects %d with a RangeError, before signing', async (expiresIn) => {
    expect(() => validateExpires(expiresIn)).toThrow(RangeError);
    expect(() => createSigner(options).presign(req, { date, expiresIn })).toThrow(RangeError);
    await expect(new AsyncSigner(options, webCrypto()).presign(req, { date, expiresIn })).rejects.toThrow(RangeError);
  });

  it('rejects values that are not numbers', () => {
    expect(() => validateExpires('3600' as unknown as number)).toThrow(RangeError);
  });

  it('says what was wrong without leaking a credential', () => {
    let message = '';
    try {
      createSigner(options).presign(req, { date, expiresIn: 604_801 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('604801');
    expect(message).not.toContain(options.credentials.secretAccessKey);
    expect(message).not.toContain(options.credentials.sessionToken);
  });
});

describe('presign', () => {
  it('signs the session token into the query (S3 wants it signed), encoded', () => {
    const r = createSigner(options).presign(req, { date, expiresIn: 60 });
    expect(r.canonicalRequest.split('\n')[2]).toContain('X-Amz-Security-Token=tok%2Fen%2B%3D');
    expect(r.queryString).toContain('X-Amz-Security-Token=tok%2Fen%2B%3D&');
  });

  it('adds the token after signing when asked (omitSessionToken), still before the signature', () => {
    const r = createSigner(options).presign(req, { date, expiresIn: 60, omitSessionToken: true });
    expect(r.canonicalRequest).not.toContain('X-Amz-Security-Token');
    expect(r.queryString).toMatch(/&X-Amz-Security-Token=tok%2Fen%2B%3D&X-Amz-Signature=[0-9a-f]{64}$/);
  });

  it('puts the request parameters and X-Amz-* in canonical order, the signature last', () => {
    const r = createSigner(options).presign({ ...req, query: [['versionId', 'v 1'], ['response-content-type', 'a/b']] }, { date, expiresIn: 60 });
    const names = r.queryString.split('&').map((s) => s.slice(0, s.indexOf('=')));
    expect(names).toEqual([
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-Security-Token',
      'X-Amz-SignedHeaders',
      'response-content-type',
      'versionId',
      'X-Amz-Signature',
    ]);
    expect(r.queryString).toContain('response-content-type=a%2Fb&versionId=v%201&');
  });

  it('uses UNSIGNED-PAYLOAD by default for S3 and the empty-body hash for the generic preset', () => {
    expect(createSigner(options).presign(req, { date, expiresIn: 60 }).canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    const generic = createSigner({ ...options, service: 'service', settings: GENERIC_SETTINGS });
    expect(generic.presign(req, { date, expiresIn: 60 }).canonicalRequest.endsWith('\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
  });
});

describe('x-amz-date', () => {
  // The sync Signer formats each second once (signer.ts); the AsyncSigner each millisecond.
  it.each([
    ['node:crypto', (o: SignerOptions) => createSigner(o)],
    ['WebCrypto', (o: SignerOptions) => new AsyncSigner(o, webCrypto())],
  ] as const)('is the second of the date given, whatever came before (%s)', async (_name, make) => {
    const s = make({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, region: 'us-east-1' });
    const dateOf = async (iso: string) => (await s.sign({ method: 'GET', host: 'h', path: '/' }, { date: new Date(iso) })).headers['x-amz-date'];
    expect(await dateOf('2026-12-01T23:59:59.998Z')).toBe('20261201T235959Z');
    expect(await dateOf('2026-12-01T23:59:59.999Z')).toBe('20261201T235959Z');
    expect(await dateOf('2026-12-02T00:00:00.000Z')).toBe('20261202T000000Z');
    expect(await dateOf('2026-12-01T23:59:59.500Z')).toBe('20261201T235959Z');
    expect(await dateOf('1969-12-31T23:59:59.500Z')).toBe('19691231T235959Z');
    expect(await dateOf('1970-01-01T00:00:00.500Z')).toBe('19700101T000000Z');
    await expect(dateOf('not a date')).rejects.toThrow(RangeError);
    await expect(dateOf('not a date')).rejects.toThrow(RangeError);
    const presigned = await s.presign({ method: 'GET', host: 'h', path: '/' }, { date: new Date('2026-12-02T00:00:01.250Z'), expiresIn: 60 });
    expect(presigned.queryString).toContain('X-Amz-Date=20261202T000001Z');
    expect(await dateOf('2026-12-02T00:00:01.999Z')).toBe('20261202T000001Z');
  });
});
