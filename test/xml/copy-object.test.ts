import { describe, expect, it } from 'vitest';
import { parseCopyObjectOutcome, parseCopyObjectResult, parseCopyPartOutcome } from '../../src/xml/copy-object.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('copy results', () => {
  it('reads CopyObjectResult, ETag exactly as sent', () => {
    const xml = `${PROLOG}<CopyObjectResult ${NS}><LastModified>2009-10-28T22:32:00.000Z</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag></CopyObjectResult>`;
    const expected = { eTag: '"9b2cf535f27731c974343645a3985328"', lastModified: new Date('2009-10-28T22:32:00.000Z') };
    expect(parseCopyObjectResult(xml)).toEqual(expected);
    expect(parseCopyObjectOutcome(xml)).toEqual({ ok: true, result: expected });
  });

  it('reads MinIO and s3s ETag escapes the same', () => {
    for (const eTag of ['&#34;abc&#34;', '&quot;abc&quot;']) {
      expect(parseCopyObjectResult(`<CopyObjectResult><ETag>${eTag}</ETag><LastModified>2024-01-01T00:00:00Z</LastModified></CopyObjectResult>`).eTag).toBe('"abc"');
    }
  });

  it('returns the <Error> a copy can send under 200 OK', () => {
    const xml = `${PROLOG}    \n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>R</RequestId><HostId>H</HostId></Error>`;
    expect(parseCopyObjectOutcome(xml)).toMatchObject({ ok: false, error: { code: 'SlowDown', requestId: 'R' } });
    expect(parseCopyPartOutcome(xml)).toMatchObject({ ok: false, error: { code: 'SlowDown' } });
  });

  it('reads UploadPartCopy CopyPartResult, and refuses one root for the other', () => {
    const xml = `<CopyPartResult ${NS}><LastModified>2011-04-11T20:34:56.000Z</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag></CopyPartResult>`;
    expect(parseCopyPartOutcome(xml)).toMatchObject({ ok: true, result: { eTag: '"9b2cf535f27731c974343645a3985328"' } });
    expect(() => parseCopyObjectOutcome(xml)).toThrow(/expected <CopyObjectResult>, got <CopyPartResult>/);
  });

  it('refuses a result without an ETag', () => {
    expect(() => parseCopyObjectResult('<CopyObjectResult><LastModified>2009-10-28T22:32:00.000Z</LastModified></CopyObjectResult>')).toThrow(/ETag> is missing/);
  });
});
