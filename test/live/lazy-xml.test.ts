// fast-xml-parser is loaded by the first request that has XML to parse, not by a GET, PUT, HEAD or
// DELETE that succeeds (a first large GET paid ~7% for loading it alongside). An error answer to
// one of those still reads its XML: the pipeline loads the parser then. Each test imports s3wire
// afresh (vi.resetModules), so the parser module starts unloaded as in a new process.
import { describe, expect, it, vi } from 'vitest';
import { liveServers } from '../servers/servers.ts';
import { useLive } from './helpers/live.ts';

async function freshS3wire() {
  vi.resetModules();
  const s3wire = await import('../../src/index.ts');
  const parser = await import('../../src/xml/parser.ts');
  const loaded = () => {
    try {
      parser.parseXml('<Probe/>');
      return true;
    } catch (e) {
      if (/not loaded/.test(String(e))) return false;
      throw e;
    }
  };
  return { s3wire, loaded };
}

describe.each(liveServers())('XML parser loading on $name', (server) => {
  const live = useLive(server, 'lazyxml');
  const clientOf = (s3wire: typeof import('../../src/index.ts')) =>
    new s3wire.S3Client({ endpoint: server.endpoint, region: server.region, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } });

  it('PUT, GET, HEAD and DELETE answers come back without loading it', async () => {
    const { s3wire, loaded } = await freshS3wire();
    const s3 = clientOf(s3wire);
    const { bucket } = live;
    expect(loaded()).toBe(false);
    await s3.putObject({ bucket, key: 'k', body: 'hello' });
    expect(await (await s3.getObject({ bucket, key: 'k' })).body.text()).toBe('hello');
    expect((await s3.headObject({ bucket, key: 'k' })).contentLength).toBe(5);
    await s3.deleteObject({ bucket, key: 'k' });
    expect(loaded()).toBe(false);
    await s3.close();
  });

  it('an error answer to a GET loads it and is read as S3 XML', async () => {
    const { s3wire, loaded } = await freshS3wire();
    const s3 = clientOf(s3wire);
    const missing = await s3.getObject({ bucket: live.bucket, key: 'missing' }).catch((e: unknown) => e);
    expect(s3wire.isServiceError(missing, 'NoSuchKey')).toBe(true);
    expect(loaded()).toBe(true);
    // A listing needs it from the start, and has it.
    expect((await s3.listObjectsV2({ bucket: live.bucket })).contents).toEqual([]);
    await s3.close();
  });

  it('a listing, the first request of its process, loads it alongside', async () => {
    const { s3wire, loaded } = await freshS3wire();
    const s3 = clientOf(s3wire);
    expect(loaded()).toBe(false);
    expect((await s3.listObjectsV2({ bucket: live.bucket })).keyCount).toBe(0);
    expect(loaded()).toBe(true);
    await s3.close();
  });
});
