import { describe, expect, it } from 'vitest';
import { parseDeleteResult } from '../../src/xml/delete-objects.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('parseDeleteResult', () => {
  it('reads deleted keys and per-key errors side by side', () => {
    const xml =
      `${PROLOG}<DeleteResult ${NS}><Deleted><Key>sample1.txt</Key></Deleted>` +
      '<Deleted><Key>sample2.txt</Key><VersionId>OYcLXagmS.WaD..oyH4KRguB95_YhLs7</VersionId><DeleteMarker>true</DeleteMarker>' +
      '<DeleteMarkerVersionId>NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s</DeleteMarkerVersionId></Deleted>' +
      '<Error><Key>sample3.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' +
      '<Error><Key>sample4.txt</Key><VersionId>v1</VersionId><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error></DeleteResult>';
    expect(parseDeleteResult(xml)).toEqual({
      deleted: [
        { key: 'sample1.txt' },
        {
          key: 'sample2.txt',
          versionId: 'OYcLXagmS.WaD..oyH4KRguB95_YhLs7',
          deleteMarker: true,
          deleteMarkerVersionId: 'NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s',
        },
      ],
      errors: [
        { key: 'sample3.txt', code: 'AccessDenied', message: 'Access Denied' },
        { key: 'sample4.txt', versionId: 'v1', code: 'InternalError', message: 'We encountered an internal error.' },
      ],
    });
  });

  it('reads one Deleted and one Error as lists', () => {
    const xml = `<DeleteResult ${NS}><Deleted><Key>a</Key></Deleted><Error><Key>b</Key><Code>AccessDenied</Code></Error></DeleteResult>`;
    const result = parseDeleteResult(xml);
    expect(result.deleted.map((d) => d.key)).toEqual(['a']);
    expect(result.errors).toEqual([{ key: 'b', code: 'AccessDenied', message: '' }]);
  });

  it.each([
    ['an empty element', `<DeleteResult ${NS}></DeleteResult>`],
    ['a self-closing element', `<DeleteResult ${NS}/>`],
  ])('reads a quiet-mode success (%s) as nothing to report', (_, xml) => {
    expect(parseDeleteResult(xml)).toEqual({ deleted: [], errors: [] });
  });

  it('keeps nasty keys byte-exact (Go encoding/xml style references from MinIO)', () => {
    const xml = `<DeleteResult ${NS}><Deleted><Key> a&amp;b&#34;c&#39;d&#x9;e&#xA;f&#xD;g </Key></Deleted><Deleted><Key>   </Key></Deleted></DeleteResult>`;
    expect(parseDeleteResult(xml).deleted.map((d) => d.key)).toEqual([' a&b"c\'d\te\nf\rg ', '   ']);
  });
});
