// Configuration and request building that need no server: credentials from the environment,
// addressing styles, and the CreateBucket location rule.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.ts';
import { createBucketRequest } from '../../src/ops/buckets.ts';
import { addressOf } from '../../src/send.ts';
import { S3Client } from '../../src/index.ts';
import { inspect } from 'node:util';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('configuration', () => {
  it('takes credentials and region from the standard AWS_* variables', () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
    process.env.AWS_SESSION_TOKEN = 'token-from-env';
    process.env.AWS_REGION = 'eu-central-1';
    const c = resolveConfig({ endpoint: 'http://127.0.0.1:9000' });
    expect(c.credentials).toEqual({ accessKeyId: 'AKIDFROMENV', secretAccessKey: 'secret-from-env', sessionToken: 'token-from-env' });
    expect(c.region).toBe('eu-central-1');
  });

  it('signs in-memory bodies by default over http, not over https (TLS keeps them whole), unless told', () => {
    const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
    expect(resolveConfig({ endpoint: 'http://127.0.0.1:9000', credentials }).signPayload).toBe(true);
    expect(resolveConfig({ endpoint: 'https://127.0.0.1:9000', credentials }).signPayload).toBe(false);
    expect(resolveConfig({ credentials }).signPayload).toBe(false); // AWS: https
    expect(resolveConfig({ endpoint: 'https://127.0.0.1:9000', credentials, signPayload: true }).signPayload).toBe(true);
    expect(resolveConfig({ endpoint: 'http://127.0.0.1:9000', credentials, signPayload: false }).signPayload).toBe(false);
  });

  it('given credentials win over the environment', () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
    const c = resolveConfig({ endpoint: 'http://127.0.0.1:9000', credentials: { accessKeyId: 'given', secretAccessKey: 's' } });
    expect(c.credentials.accessKeyId).toBe('given');
  });

  it('custom endpoints are path-style, AWS is virtual-hosted, and keys are encoded once', () => {
    const local = resolveConfig({ endpoint: 'http://127.0.0.1:9000/', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    expect(addressOf(local, 'my-bucket', 'a b/ü+?#%.txt')).toEqual({
      host: '127.0.0.1:9000',
      origin: 'http://127.0.0.1:9000',
      path: '/my-bucket/a%20b/%C3%BC%2B%3F%23%25.txt',
    });
    const aws = resolveConfig({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    expect(addressOf(aws, 'my-bucket', 'k')).toEqual({ host: 'my-bucket.s3.eu-west-1.amazonaws.com', origin: 'https://my-bucket.s3.eu-west-1.amazonaws.com', path: '/k' });
    // A dotted bucket cannot be a host name under the TLS wildcard: it stays path-style.
    expect(addressOf(aws, 'my.bucket', 'k').path).toBe('/my.bucket/k');
  });

  it('CreateBucket sends a LocationConstraint except for us-east-1', () => {
    expect(createBucketRequest({ bucket: 'b-1' }, 'us-east-1').body).toBeUndefined();
    const body = createBucketRequest({ bucket: 'b-1' }, 'eu-west-1').body;
    expect(typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array)).toContain('<LocationConstraint>eu-west-1</LocationConstraint>');
  });

  it('printing a client never shows the secret or the token', () => {
    const c = new S3Client({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKID', secretAccessKey: 'TOPSECRET', sessionToken: 'SESSIONTOKEN' } });
    for (const text of [inspect(c, { depth: 10 }), JSON.stringify(c), String(c)]) {
      expect(text).not.toContain('TOPSECRET');
      expect(text).not.toContain('SESSIONTOKEN');
    }
  });
});
