// Listing and bulk delete against every live server: ListObjectsV2 with prefix, delimiter,
// start-after, max-keys and continuation; the async iterators; names that need url-encoding;
// DeleteObjects beyond one request's 1000 keys. The expected listings come from a small model of
// S3's listing rules applied to the keys the test wrote, never from a server's answer.
import { describe, expect, it } from 'vitest';
import { DELETE_BATCH } from '../../src/ops/delete-object.ts';
import { liveServers } from '../servers/servers.ts';
import { byteOrder, putMany, recordingTransport, useLive, utf8 } from './helpers/live.ts';
import { decodeUrlEncoded } from '../../src/xml/url-encoding.ts';
import { listedName, quirksOf } from './helpers/quirks.ts';

interface Expected {
  contents: string[];
  commonPrefixes: string[];
}

/** What ListObjectsV2 should list: keys in byte order, after startAfter, rolled up at the delimiter. */
function model(keys: readonly string[], o: { prefix?: string; delimiter?: string; startAfter?: string } = {}): Expected {
  const prefix = o.prefix ?? '';
  const contents: string[] = [];
  const commonPrefixes: string[] = [];
  for (const k of [...keys].sort(byteOrder)) {
    if (!k.startsWith(prefix)) continue;
    if (o.startAfter !== undefined && byteOrder(k, o.startAfter) <= 0) continue;
    const at = o.delimiter ? k.indexOf(o.delimiter, prefix.length) : -1;
    if (at >= 0) {
      const p = k.slice(0, at + o.delimiter!.length);
      if (!commonPrefixes.includes(p)) commonPrefixes.push(p);
    } else contents.push(k);
  }
  return { contents, commonPrefixes };
}

const TREE = [
  'photos/2024/jan.jpg',
  'photos/2024/feb.jpg',
  'photos/2025/mar.jpg',
  'photos/cover.jpg',
  'docs/readme.md',
  'docs/a/b/c.txt',
  'docs.txt',
  'root.txt',
  'rootless/x',
  'z',
];

describe.each(liveServers())('listing on $name', (server) => {
  const live = useLive(server, 'listing');
  const quirks = quirksOf(server.name);

  it('prefix, delimiter and commonPrefixes', async () => {
    const { s3, bucket } = live;
    await putMany(s3, bucket, TREE);
    const queries = [
      {},
      { delimiter: '/' },
      { prefix: 'photos/', delimiter: '/' },
      { prefix: 'photos/2024/' },
      { prefix: 'root' },
      { prefix: 'root', delimiter: '/' },
      { prefix: 'docs', delimiter: '/' },
      { prefix: 'nothing/' },
      { delimiter: '.' },
      { prefix: 'photos/', delimiter: '2' },
    ];
    for (const q of queries) {
      const page = await s3.listObjectsV2({ bucket, ...q });
      const want = model(TREE, q);
      expect({ contents: page.contents.map((o) => o.key), commonPrefixes: page.commonPrefixes.map((p) => p.prefix) }, JSON.stringify(q)).toEqual(want);
      expect(page.keyCount, JSON.stringify(q)).toBe(want.contents.length + want.commonPrefixes.length);
      expect(page.isTruncated).toBe(false);
      expect(page.name).toBe(bucket);
      expect(page.prefix).toBe(q.prefix ?? '');
      expect(page.delimiter).toBe(q.delimiter);
      for (const o of page.contents) {
        expect(o.size, o.key).toBe(utf8(o.key).length);
        expect(o.lastModified).toBeInstanceOf(Date);
        if (quirks.listETags) expect(o.eTag, o.key).toMatch(/^"[0-9a-f]{32}"$/);
      }
    }
  });

  it('startAfter lists only the keys after it, existing or not', async () => {
    const { s3, bucket } = live;
    await putMany(s3, bucket, TREE);
    for (const startAfter of ['docs/readme.md', 'photos/', 'photos/2024/zzz', 'a', 'zz', 'z']) {
      const page = await s3.listObjectsV2({ bucket, startAfter });
      expect(page.contents.map((o) => o.key), startAfter).toEqual(model(TREE, { startAfter }).contents);
    }
    const page = await s3.listObjectsV2({ bucket, startAfter: 'docs', prefix: 'docs', delimiter: '/' });
    const want = model(TREE, { startAfter: 'docs', prefix: 'docs', delimiter: '/' });
    expect([page.contents.map((o) => o.key), page.commonPrefixes.map((p) => p.prefix)]).toEqual([want.contents, want.commonPrefixes]);
  });

  it('maxKeys pages: 25 keys, 7 a page, followed by continuation token', async () => {
    const { s3, bucket } = live;
    const keys = Array.from({ length: 25 }, (_, i) => `page/${String(i).padStart(2, '0')}-${i % 3 === 0 ? 'ü' : 'a'}.txt`);
    await putMany(s3, bucket, keys);
    const expected = model(keys).contents;
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    for (let n = 0; n < 10; n++) {
      const page = await s3.listObjectsV2({ bucket, maxKeys: 7, ...(token ? { continuationToken: token } : {}) });
      expect(page.maxKeys).toBe(7);
      expect(page.keyCount).toBe(page.contents.length);
      expect(page.continuationToken).toBe(token);
      sizes.push(page.contents.length);
      seen.push(...page.contents.map((o) => o.key));
      if (!page.isTruncated) {
        expect(page.nextContinuationToken).toBeUndefined();
        break;
      }
      expect(page.nextContinuationToken).toMatch(/\S/);
      token = page.nextContinuationToken;
    }
    const full = Math.floor(keys.length / 7);
    expect(sizes).toEqual([...Array<number>(full).fill(7), keys.length - 7 * full]);
    expect(seen).toEqual(expected);

    // maxKeys counts common prefixes too.
    await putMany(s3, bucket, ['p1/x', 'p2/x', 'p3/x']);
    const rolled = await s3.listObjectsV2({ bucket, delimiter: '/', maxKeys: 2 });
    expect(rolled.isTruncated).toBe(true);
    expect(rolled.commonPrefixes.map((p) => p.prefix)).toEqual(['p1/', 'p2/']);
    expect(rolled.keyCount).toBe(2);
  });

  it('listObjectsV2Pages and listObjects follow the continuation tokens', async () => {
    const { s3, bucket } = live;
    const keys = Array.from({ length: 25 }, (_, i) => `it/${String(i).padStart(3, '0')}`);
    await putMany(s3, bucket, [...keys, 'other/1', 'other/2']);

    const pages = [];
    for await (const page of s3.listObjectsV2Pages({ bucket, prefix: 'it/', maxKeys: 7 })) pages.push(page);
    expect(pages.map((p) => p.contents.length)).toEqual([7, 7, 7, 4]);
    expect(pages.map((p) => p.isTruncated)).toEqual([true, true, true, false]);
    expect(pages.flatMap((p) => p.contents.map((o) => o.key))).toEqual(keys);

    const listed: string[] = [];
    for await (const o of s3.listObjects({ bucket, prefix: 'it/', maxKeys: 7 })) listed.push(o.key);
    expect(listed).toEqual(keys);
    const everything: string[] = [];
    for await (const o of s3.listObjects({ bucket })) everything.push(o.key);
    expect(everything).toEqual(model([...keys, 'other/1', 'other/2']).contents);

    // Stopping early is fine: the generator ends without fetching the rest.
    for await (const o of s3.listObjects({ bucket, maxKeys: 2 })) {
      expect(o.key).toBe(everything[0]);
      break;
    }
  });

  it('listing reads one page ahead: the next request is out before a page is handed over, and no further', async () => {
    const transport = recordingTransport();
    const s3 = live.client({ transport });
    const { bucket } = live;
    const keys = Array.from({ length: 25 }, (_, i) => `ra/${String(i).padStart(3, '0')}`);
    await putMany(s3, bucket, keys);
    const lists = () => transport.log.filter((x) => x.method === 'GET' && x.path.includes('list-type=2'));
    const tokens = () => lists().map((x) => new URLSearchParams(x.path.split('?')[1]).get('continuation-token'));

    // Pages of 7, 7, 7, 4: when page n is handed over, page n + 1 has been asked for already,
    // with the token page n names, and never a page beyond the end.
    transport.log.length = 0;
    const seen: { sent: number; token: string | undefined }[] = [];
    const listed: string[] = [];
    for await (const page of s3.listObjectsV2Pages({ bucket, prefix: 'ra/', maxKeys: 7 })) {
      seen.push({ sent: lists().length, token: page.nextContinuationToken });
      listed.push(...page.contents.map((o) => o.key));
    }
    expect(listed).toEqual(keys);
    expect(seen.map((p) => p.sent)).toEqual([2, 3, 4, 4]);
    expect(tokens()).toEqual([null, ...seen.slice(0, 3).map((p) => p.token!)]);
    expect(lists().every((x) => x.status === 200)).toBe(true);

    // readAhead: false asks for each page only once the one before was handed over.
    transport.log.length = 0;
    const sentWhenHanded: number[] = [];
    for await (const _ of s3.listObjectsV2Pages({ bucket, prefix: 'ra/', maxKeys: 7 }, { readAhead: false })) sentWhenHanded.push(lists().length);
    expect(sentWhenHanded).toEqual([1, 2, 3, 4]);

    // Leaving early costs one request more at most, and the client goes on working.
    transport.log.length = 0;
    for await (const o of s3.listObjects({ bucket, prefix: 'ra/', maxKeys: 7 })) {
      expect(o.key).toBe(keys[0]);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(lists()).toHaveLength(2);
    expect((await s3.listObjectsV2({ bucket, prefix: 'ra/', maxKeys: 1 })).contents.map((o) => o.key)).toEqual([keys[0]]);

    // An abort from the caller stops the read-ahead too: the listing rejects with an AbortError.
    const controller = new AbortController();
    const pages = s3.listObjectsV2Pages({ bucket, prefix: 'ra/', maxKeys: 7 }, { signal: controller.signal });
    expect((await pages.next()).value?.contents).toHaveLength(7);
    controller.abort();
    const next = await pages.next().catch((e: unknown) => e);
    expect(next).toMatchObject({ name: 'AbortError' });
  });

  it('names that need url-encoding come back decoded: a b, a+b, ü, x%y, %41, &, emoji', async () => {
    const { s3, bucket } = live;
    const keys = ['a b', 'a+b', 'ü', 'x%y', '100%', '%41', 'q?x=1&y=2', 'dir one/x', 'dir+two/y', 'üdir/z', '🎉/party', 'tab\there', '<xml>&amp;'];
    await putMany(s3, bucket, keys);

    const all = await s3.listObjectsV2({ bucket });
    expect(all.encodingType).toBe('url');
    // s3s-fs sends the names raw under EncodingType=url: `a+b` and `%41` are then misread.
    const want = model(keys).contents.map((k) => listedName(quirks, k));
    expect(all.contents.map((o) => o.key)).toEqual(want);
    expect(all.contents.map((o) => o.size)).toEqual(model(keys).contents.map((k) => utf8(k).length));

    const rolled = await s3.listObjectsV2({ bucket, delimiter: '/' });
    const wantRolled = model(keys, { delimiter: '/' });
    expect(rolled.commonPrefixes.map((p) => p.prefix)).toEqual(wantRolled.commonPrefixes.map((k) => listedName(quirks, k)));
    expect(rolled.delimiter).toBe('/');

    // (Not `ü` and `ü/z` together: file-system servers cannot hold a key and a "folder" of the
    // same name; s3s-fs fails the PUT with 500, MinIO accepts it and lists only one of them.)
    // Prefix and start-after are sent encoded, and the server matches them against the raw names.
    for (const prefix of ['a+', 'a ', 'x%', '%4', 'dir one/', 'ü', '🎉/']) {
      const page = await s3.listObjectsV2({ bucket, prefix });
      expect(page.contents.map((o) => o.key), prefix).toEqual(model(keys, { prefix }).contents.map((k) => listedName(quirks, k)));
      // RustFS echoes the prefix raw under EncodingType=url, so it is read as if encoded.
      expect(page.prefix).toBe(quirks.listEchoesEncoded ? listedName(quirks, prefix) : decodeUrlEncoded(prefix));
    }
    const after = await s3.listObjectsV2({ bucket, startAfter: 'a+b' });
    expect(after.contents.map((o) => o.key)).toEqual(model(keys, { startAfter: 'a+b' }).contents.map((k) => listedName(quirks, k)));
    expect(after.startAfter).toBe(quirks.listEchoesEncoded ? listedName(quirks, 'a+b') : 'a b');

    // Every listed name that is the real key reads back.
    for (const o of all.contents) {
      if (!keys.includes(o.key)) continue;
      const got = await s3.getObject({ bucket, key: o.key });
      expect(await got.body.text()).toBe(o.key);
    }
    if (quirks.listUrlEncoding) expect(all.contents.every((o) => keys.includes(o.key))).toBe(true);
  });

  it('deleteObjects of 1100 keys goes out in 2 requests and every key is gone', async () => {
    const transport = recordingTransport();
    const s3 = live.client({ transport });
    const { bucket } = live;
    const keys = Array.from({ length: 1100 }, (_, i) => `bulk/${i % 2 ? 'ü ' : 'a+'}${String(i).padStart(4, '0')}`);
    await putMany(s3, bucket, [...keys, 'survivor.txt'], 48);
    let count = 0;
    for await (const _ of s3.listObjects({ bucket, prefix: 'bulk/' })) count++;
    expect(count).toBe(keys.length);

    transport.log.length = 0;
    const r = await s3.deleteObjects({ bucket, keys });
    const posts = transport.log.filter((x) => x.method === 'POST');
    expect(posts.map((x) => [x.path.split('?')[1], x.status])).toEqual(Array(Math.ceil(keys.length / DELETE_BATCH)).fill(['delete=', 200]));
    expect(posts).toHaveLength(2);
    expect(r.errors).toEqual([]);
    expect(r.deleted.map((d) => d.key).sort(byteOrder)).toEqual([...keys].sort(byteOrder));

    const left: string[] = [];
    for await (const o of s3.listObjects({ bucket })) left.push(o.key);
    expect(left).toEqual(['survivor.txt']);
    const one = await s3.headObject({ bucket, key: keys[keys.length - 1]! }).catch((e: unknown) => e);
    expect((one as { status?: number }).status).toBe(404);
  });

  it('deleteObjects in quiet mode lists no successes; keys that never existed count as deleted', async () => {
    const { s3, bucket } = live;
    await putMany(s3, bucket, ['q/1', 'q/2']);
    const quiet = await s3.deleteObjects({ bucket, keys: ['q/1', 'q/never'], quiet: true });
    expect(quiet.errors).toEqual([]);
    // s3s-fs ignores <Quiet> and lists the successes anyway.
    expect(quiet.deleted.map((d) => d.key)).toEqual(quirks.deleteQuiet ? [] : ['q/1', 'q/never']);
    const loud = await s3.deleteObjects({ bucket, keys: ['q/2', { key: 'q/never-either' }] });
    expect(loud.errors).toEqual([]);
    expect(loud.deleted.map((d) => d.key).sort()).toEqual(['q/2', 'q/never-either']);
    expect((await s3.listObjectsV2({ bucket })).contents).toEqual([]);
  });
});
