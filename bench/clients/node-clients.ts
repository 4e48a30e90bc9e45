// The Node clients of the small-object and listing scenarios, each called the way its README shows,
// with its defaults, against the path-style endpoint of the local server.
import { Buffer } from 'node:buffer';
import type { SmallClient, SmallOp } from './loop.ts';
import type { ClientOptions } from '../../src/index.ts';

export interface Target {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  /**
   * On https: the server's certificate (PEM), which the floor's undici Agents are given. The other
   * libraries are given nothing: their workers trust it through NODE_EXTRA_CA_CERTS (workers.ts).
   */
  readonly ca?: string;
}

/** The pool settings of s3wire's undici transport, which the floor's Agents copy. */
export const S3WIRE_POOL = { connections: 64, keepAliveTimeout: 20_000 } as const;

/** An undici Agent's options for `t`: its certificate trusted, if it is on https. */
export function agentOptions(t: Target, options: { connections?: number; keepAliveTimeout?: number } = {}) {
  return { ...options, ...(t.ca ? { connect: { ca: t.ca } } : {}) };
}

export interface NodeClientDef {
  readonly id: string;
  readonly label: string;
  /** Packages whose versions the report shows. */
  readonly packages: readonly string[];
  readonly create: (t: Target) => Promise<SmallClient>;
  /** Why the client has no listing (shown as n/a). */
  readonly noList?: string;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let len = 0;
  for await (const c of stream) {
    chunks.push(c);
    len += c.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks, len);
}

/** The HTTP method of each small-object operation (for presigning). */
export const METHOD: Record<SmallOp, string> = { put: 'PUT', get: 'GET', head: 'HEAD', delete: 'DELETE' };

/** What the floor needs: URLs presigned by s3wire's signer, split into origin and path once. */
export async function presigner(t: Target) {
  const { createSigner } = await import('../../src/sigv4/index.ts');
  const signer = createSigner({ credentials: t, region: t.region, service: 's3' });
  const { host, origin } = new URL(t.endpoint);
  return {
    origin,
    /** Path and query of a presigned request for `key` (keys here need no encoding). */
    path(method: string, key: string, query?: Record<string, string>): string {
      const path = `/${t.bucket}/${key}`;
      const signed = signer.presign({ method, host, path, ...(query ? { query } : {}) }, { date: new Date(), expiresIn: 3600 });
      return path + '?' + signed.queryString;
    },
  };
}

/** The constructor every s3wire entry exports (src/index.ts on Node, src/index.bun.ts under Bun). */
export type S3WireClass = typeof import('../../src/index.ts').S3Client;

/** s3wire as the small-object and listing scenarios call it, under either runtime's entry. */
export function s3wireSmall(S3Client: S3WireClass, t: Target, extra: Partial<ClientOptions> = {}): SmallClient {
  const c = new S3Client({ endpoint: t.endpoint, region: t.region, credentials: t, ...extra });
  const bucket = t.bucket;
  return {
    put: (key, body) => c.putObject({ bucket, key, body }),
    get: async (key) => (await c.getObject({ bucket, key })).body.bytes(),
    head: async (key) => (await c.headObject({ bucket, key })).contentLength,
    del: (key) => c.deleteObject({ bucket, key }),
    async list(prefix) {
      let n = 0;
      for await (const _ of c.listObjects({ bucket, prefix })) n++;
      return n;
    },
    close: () => c.close(),
  };
}

export const NODE_CLIENTS: readonly NodeClientDef[] = [
  {
    id: 's3wire',
    label: 's3wire',
    packages: ['s3wire'],
    create: async (t) => s3wireSmall((await import('../../src/index.ts')).S3Client, t),
  },
  {
    // The same client on s3wire's own HTTP/1.1 over node:net (the bun entry's transport) instead of undici.
    id: 's3wire-net',
    label: 's3wire, netTransport()',
    packages: ['s3wire'],
    async create(t) {
      const { S3Client, netTransport } = await import('../../src/index.ts');
      return s3wireSmall(S3Client, t, { transport: netTransport() });
    },
  },
  {
    id: 'aws-sdk',
    label: '@aws-sdk/client-s3',
    packages: ['@aws-sdk/client-s3'],
    async create(t) {
      const s3 = await import('@aws-sdk/client-s3');
      const c = new s3.S3Client({
        endpoint: t.endpoint,
        region: t.region,
        credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
        forcePathStyle: true,
      });
      const Bucket = t.bucket;
      return {
        put: (Key, Body) => c.send(new s3.PutObjectCommand({ Bucket, Key, Body })),
        get: async (Key) => (await c.send(new s3.GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray(),
        head: async (Key) => (await c.send(new s3.HeadObjectCommand({ Bucket, Key }))).ContentLength ?? -1,
        del: (Key) => c.send(new s3.DeleteObjectCommand({ Bucket, Key })),
        async list(Prefix) {
          let n = 0;
          for await (const page of s3.paginateListObjectsV2({ client: c }, { Bucket, Prefix })) n += page.Contents?.length ?? 0;
          return n;
        },
        close: async () => c.destroy(),
      };
    },
  },
  {
    id: 'minio',
    label: 'minio',
    packages: ['minio'],
    async create(t) {
      const Minio = await import('minio');
      const u = new URL(t.endpoint);
      // The region given, so it never asks the server for the bucket's location first.
      const c = new Minio.Client({ endPoint: u.hostname, port: Number(u.port), useSSL: u.protocol === 'https:', accessKey: t.accessKeyId, secretKey: t.secretAccessKey, region: t.region });
      const bucket = t.bucket;
      return {
        put: (key, body) => c.putObject(bucket, key, Buffer.from(body.buffer, body.byteOffset, body.length), body.length),
        get: async (key) => readAll(await c.getObject(bucket, key)),
        head: async (key) => (await c.statObject(bucket, key)).size,
        del: (key) => c.removeObject(bucket, key),
        async list(prefix) {
          let n = 0;
          for await (const o of c.listObjectsV2(bucket, prefix, true) as AsyncIterable<{ name?: string }>) if (o.name) n++;
          return n;
        },
      };
    },
  },
  {
    id: 'aws4fetch',
    label: 'aws4fetch (AwsClient.fetch)',
    packages: ['aws4fetch'],
    noList: 'signs fetch calls only: no ListObjectsV2 parsing or paging',
    async create(t) {
      const { AwsClient } = await import('aws4fetch');
      const aws = new AwsClient({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, service: 's3', region: t.region });
      const base = `${t.endpoint}/${t.bucket}/`;
      const call = async (method: string, key: string, body?: Uint8Array) => {
        const res = await aws.fetch(base + key, { method, ...(body ? { body: body as unknown as BodyInit } : {}) });
        if (!res.ok) throw new Error(`${method} ${key}: HTTP ${res.status}`);
        return res;
      };
      return {
        put: async (key, body) => (await call('PUT', key, body)).arrayBuffer(),
        get: async (key) => new Uint8Array(await (await call('GET', key)).arrayBuffer()),
        head: async (key) => {
          const res = await call('HEAD', key);
          await res.arrayBuffer();
          return Number(res.headers.get('content-length'));
        },
        del: async (key) => (await call('DELETE', key)).arrayBuffer(),
      };
    },
  },
  {
    id: 'lean-s3',
    label: 'lean-s3',
    packages: ['lean-s3'],
    async create(t) {
      const { S3Client } = await import('lean-s3');
      const c = new S3Client({ endpoint: t.endpoint, region: t.region, bucket: t.bucket, accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey });
      return {
        put: (key, body) => c.file(key).write(body),
        get: (key) => c.file(key).bytes(),
        head: async (key) => (await c.file(key).stat()).size,
        del: (key) => c.file(key).delete(),
        async list(prefix) {
          let n = 0;
          for await (const _ of c.listIterating({ prefix })) n++;
          return n;
        },
      };
    },
  },
  {
    id: 's3mini',
    label: 's3mini',
    packages: ['s3mini'],
    async create(t) {
      const { S3mini } = await import('s3mini');
      const c = new S3mini({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, endpoint: `${t.endpoint}/${t.bucket}`, region: t.region });
      return {
        put: async (key, body) => {
          const res = await c.putObject(key, body);
          if (!res.ok) throw new Error(`PUT ${key}: HTTP ${res.status}`);
        },
        get: async (key) => {
          const buf = await c.getObjectArrayBuffer(key);
          if (!buf) throw new Error(`GET ${key}: not found`);
          return new Uint8Array(buf);
        },
        head: (key) => c.getContentLength(key),
        del: async (key) => {
          if (!(await c.deleteObject(key))) throw new Error(`DELETE ${key} failed`);
        },
        async list(prefix) {
          return (await c.listObjects('/', prefix))?.length ?? 0;
        },
      };
    },
  },
  {
    id: 'floor',
    label: 'floor: bare undici on presigned URLs',
    packages: ['undici'],
    noList: 'continuation tokens are only known during the listing, so its URLs cannot be presigned beforehand',
    async create(t) {
      const { Agent } = await import('undici');
      const agent = new Agent(agentOptions(t, S3WIRE_POOL));
      const p = await presigner(t);
      const origin = p.origin;
      let paths = new Map<string, string>();
      const pathOf = (key: string) => {
        const path = paths.get(key);
        if (path === undefined) throw new Error(`no presigned URL for ${key}`);
        return path;
      };
      const expect = (status: number, want: number, what: string) => {
        if (status !== want) throw new Error(`${what}: HTTP ${status}`);
      };
      return {
        prepare(op, keys) {
          paths = new Map();
          for (const k of keys) if (!paths.has(k)) paths.set(k, p.path(METHOD[op], k));
        },
        async put(key, body) {
          const r = await agent.request({ origin, path: pathOf(key), method: 'PUT', body });
          await r.body.dump();
          expect(r.statusCode, 200, 'PUT');
        },
        async get(key) {
          const r = await agent.request({ origin, path: pathOf(key), method: 'GET' });
          const bytes = new Uint8Array(await r.body.arrayBuffer());
          expect(r.statusCode, 200, 'GET');
          return bytes;
        },
        async head(key) {
          // reset: false keeps the connection, as s3wire's transport and node:http do: undici's
          // default closes it after every HEAD (a new connection each, a TLS handshake on https).
          const r = await agent.request({ origin, path: pathOf(key), method: 'HEAD', reset: false });
          await r.body.dump();
          expect(r.statusCode, 200, 'HEAD');
          return Number(r.headers['content-length']);
        },
        async del(key) {
          const r = await agent.request({ origin, path: pathOf(key), method: 'DELETE' });
          await r.body.dump();
          expect(r.statusCode, 204, 'DELETE');
        },
        close: () => agent.close(),
      };
    },
  },
  {
    // Opt-in (--clients=floor-headers): the floor with header signatures instead of presigned
    // URLs, to tell what the server's way of checking a signature costs from what the client does.
    id: 'floor-headers',
    label: 'floor: bare undici, headers signed beforehand',
    packages: ['undici'],
    noList: 'as the floor',
    async create(t) {
      const { Agent } = await import('undici');
      const { createSigner } = await import('../../src/sigv4/index.ts');
      const agent = new Agent(agentOptions(t, S3WIRE_POOL));
      const signer = createSigner({ credentials: t, region: t.region, service: 's3' });
      const { host, origin } = new URL(t.endpoint);
      const EMPTY = { kind: 'sha256', hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } as const;
      let signed = new Map<string, Record<string, string>>();
      const headersOf = (key: string) => {
        const h = signed.get(key);
        if (!h) throw new Error(`no signed headers for ${key}`);
        return h;
      };
      const call = async (method: string, key: string, want: number, body?: Uint8Array) => {
        const r = await agent.request({ origin, path: `/${t.bucket}/${key}`, method: method as 'GET', headers: headersOf(key), reset: method === 'HEAD' ? false : undefined, ...(body ? { body } : {}) });
        const bytes = method === 'GET' ? new Uint8Array(await r.body.arrayBuffer()) : (await r.body.dump(), undefined);
        if (r.statusCode !== want) throw new Error(`${method}: HTTP ${r.statusCode}`);
        return { bytes, length: Number(r.headers['content-length']) };
      };
      return {
        prepare(op, keys) {
          signed = new Map();
          const date = new Date();
          for (const k of keys) {
            if (signed.has(k)) continue;
            const headers: Record<string, string> = { host };
            // PUT bodies go UNSIGNED-PAYLOAD: the body is not known here (the loop passes it).
            const payload = op === 'put' ? ({ kind: 'unsigned' } as const) : EMPTY;
            const s = signer.sign({ method: METHOD[op], path: `/${t.bucket}/${k}`, headers }, { date, payload });
            signed.set(k, { ...headers, ...s.headers });
          }
        },
        put: (key, body) => call('PUT', key, 200, body),
        get: async (key) => (await call('GET', key, 200)).bytes!,
        head: async (key) => (await call('HEAD', key, 200)).length,
        del: (key) => call('DELETE', key, 204),
        close: () => agent.close(),
      };
    },
  },
];

/** Clients left out unless named in --clients. */
export const OPT_IN = new Set(['floor-headers']);
