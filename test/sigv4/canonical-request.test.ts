// The pieces of the canonical request, each alone: path normalization, the canonical URI under
// each setting, the canonical query string, Trimall and the canonical headers.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-canonical-request

import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  GENERIC_SETTINGS,
  normalizePath,
  S3_SETTINGS,
  trimAll,
} from '../../src/sigv4/index.ts';

describe('normalizePath', () => {
  it.each([
    // The aws-c-auth / botocore normalize-path cases.
    ['/example/..', '/'],
    ['/example1/example2/../..', '/'],
    ['//', '/'],
    ['//example//', '/example/'],
    ['/./', '/'],
    ['/./example', '/example'],
    ['/example space/', '/example space/'],
    // Beyond the suites.
    ['/', '/'],
    ['', '/'],
    ['/..', '/'],
    ['/../a', '/a'],
    ['/a/../../b', '/b'],
    ['/a/b/../c/./d', '/a/c/d'],
    ['/a/b/..', '/a'],
    ['/a/b/../', '/a/'],
    ['/a/./', '/a/'],
    ['/a//b///c', '/a/b/c'],
    ['/a/.../b', '/a/.../b'],
    ['/a/..b/c.', '/a/..b/c.'],
    // Encoded dots are data, not dot segments: the path is normalized as it is on the wire.
    ['/a/%2E%2E/b', '/a/%2E%2E/b'],
  ])('%j -> %j', (input, want) => {
    expect(normalizePath(input)).toBe(want);
  });
});

describe('canonicalUri', () => {
  it('S3: the wire path as it is (no normalization, no second encoding)', () => {
    expect(canonicalUri('/my-object//example//photo.user', S3_SETTINGS)).toBe('/my-object//example//photo.user');
    expect(canonicalUri('/a/./b/../c', S3_SETTINGS)).toBe('/a/./b/../c');
    expect(canonicalUri('/test%24file.text', S3_SETTINGS)).toBe('/test%24file.text');
    expect(canonicalUri('', S3_SETTINGS)).toBe('/');
  });

  it('generic: normalized, then encoded once more', () => {
    expect(canonicalUri('/a%3Ab/./c/../d', GENERIC_SETTINGS)).toBe('/a%253Ab/d');
    expect(canonicalUri('/example space/', GENERIC_SETTINGS)).toBe('/example%20space/');
  });

  it('each setting acts alone', () => {
    expect(canonicalUri('//a/../b%20', { ...GENERIC_SETTINGS, pathNormalization: 'disabled' })).toBe('//a/../b%2520');
    expect(canonicalUri('//a/../b%20', { ...S3_SETTINGS, pathNormalization: 'enabled' })).toBe('/b%20');
  });
});

describe('canonicalQueryString', () => {
  it('sorts by encoded name, then by encoded value', () => {
    expect(canonicalQueryString([['Param-3', 'Value3'], ['Param', 'Value2'], ['ሴ', 'Value1']])).toBe('%E1%88%B4=Value1&Param=Value2&Param-3=Value3');
    expect(canonicalQueryString([['Param1', 'value2'], ['Param1', 'Value1']])).toBe('Param1=Value1&Param1=value2');
    // Upper case sorts before lower case (byte order).
    expect(canonicalQueryString([['b', ''], ['B', ''], ['a', ''], ['_', '']])).toBe('B=&_=&a=&b=');
  });

  it('keeps repeated and empty parameters, and encodes names and values (`/` included)', () => {
    expect(canonicalQueryString([['lifecycle', ''], ['a', 'x/y'], ['a', 'x y'], ['', 'v']])).toBe('=v&a=x%20y&a=x%2Fy&lifecycle=');
  });

  it('takes a record too, leaving out undefined values', () => {
    expect(canonicalQueryString({ prefix: 'J', 'max-keys': '2', skip: undefined })).toBe('max-keys=2&prefix=J');
    expect(canonicalQueryString(undefined)).toBe('');
    expect(canonicalQueryString([])).toBe('');
  });

  it('sorts by encoded bytes, not by the decoded strings', () => {
    // '~' (0x7E) sorts after 'z' decoded; encoded 'é' (%C3%A9) sorts before 'A'.
    expect(canonicalQueryString([['z', ''], ['~', ''], ['é', ''], ['A', '']])).toBe('%C3%A9=&A=&z=&~=');
  });
});

describe('trimAll', () => {
  it.each([
    ['value1', 'value1'],
    [' value1', 'value1'],
    ['value1 ', 'value1'],
    ['  a   b   c  ', 'a b c'],
    ['"a   b   c"', '"a b c"'],
    ['a\tb', 'a b'],
    ['\t a \t', 'a'],
    ['value1\n  value2\n     value3', 'value1 value2 value3'],
    ['value1\r\n value2', 'value1 value2'],
    ['', ''],
    ['   ', ''],
    [' ', ''],
    ['a b', 'a b'],
  ])('%j -> %j', (input, want) => {
    expect(trimAll(input)).toBe(want);
  });

  // SigV4's Trimall is about spaces (aws-c-auth trims ASCII whitespace, smithy SP/HT/CR/LF).
  // Whatever the rule for other whitespace (NBSP, form feed), it must not depend on whether the
  // value also holds a plain space somewhere else.
  it('treats other whitespace the same whether or not the value also has spaces to trim', () => {
    const pairs: Array<[string, string]> = [
      ['a\u00a0', 'a\u00a0 '],
      // Interior runs collapse to one space; they are not removed.
      ['\u00a0 a', '\u00a0  a'],
      ['a\f', 'a\f '],
    ];
    const show = (v: string) => JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    const differ = pairs
      .filter(([plain, withSpaces]) => trimAll(plain) !== trimAll(withSpaces))
      .map(([plain, withSpaces]) => `${show(plain)} -> ${show(trimAll(plain))}, but ${show(withSpaces)} -> ${show(trimAll(withSpaces))}`);
    expect(differ).toEqual([]);
  });
});

describe('canonicalHeaders', () => {
  it('lower-cases names, sorts them and lists them in signedHeaders', () => {
    const h = canonicalHeaders({ 'X-Amz-Date': '20150830T123600Z', Host: 'example.amazonaws.com', 'My-Header1': 'VALUE1' });
    expect(h.canonicalHeaders).toBe('host:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n');
    expect(h.signedHeaders).toBe('host;my-header1;x-amz-date');
  });

  it('joins repeated values with `,` in the order given (get-header-key-duplicate, get-header-value-order)', () => {
    expect(canonicalHeaders({ 'My-Header1': ['value2', 'value2', 'value1'] }).canonicalHeaders).toBe('my-header1:value2,value2,value1\n');
    expect(canonicalHeaders({ 'My-Header1': ['value4', 'value1', 'value3', 'value2'] }).canonicalHeaders).toBe(
      'my-header1:value4,value1,value3,value2\n',
    );
  });

  it('merges names that differ only in case, in the order given', () => {
    const h = canonicalHeaders({ 'X-Meta': 'one', 'x-meta': 'two', 'X-META': [' three ', 'four'] });
    expect(h.canonicalHeaders).toBe('x-meta:one,two,three,four\n');
    expect(h.signedHeaders).toBe('x-meta');
  });

  it('trims each value (and each repeated value) before joining', () => {
    expect(canonicalHeaders({ a: ['  x  y ', ' z'] }).canonicalHeaders).toBe('a:x y,z\n');
    expect(canonicalHeaders({ a: '' }).canonicalHeaders).toBe('a:\n');
  });

  it('leaves out unsignable headers (any case) and undefined values', () => {
    const h = canonicalHeaders({
      Host: 'h',
      'User-Agent': 'ua',
      Authorization: 'x',
      'transfer-encoding': 'chunked',
      Expect: '100-continue',
      'X-Amzn-Trace-Id': 't',
      skipped: undefined,
      'content-length': '5',
    });
    expect(h.signedHeaders).toBe('content-length;host');
  });

  it('sorts by the lower-cased name in byte order', () => {
    const h = canonicalHeaders({ 'x-amz-meta-b': '1', 'X-Amz-Meta-A': '2', 'content-md5': '3', 'X-Amz-Meta-_': '4', 'x-amz-meta-0': '5' });
    expect(h.signedHeaders).toBe('content-md5;x-amz-meta-0;x-amz-meta-_;x-amz-meta-a;x-amz-meta-b');
  });
});

describe('canonicalRequest', () => {
  it('joins the six parts with newlines (a blank line after the header block)', () => {
    const h = canonicalHeaders({ host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' });
    expect(canonicalRequest('GET', '/', '', h, 'UNSIGNED-PAYLOAD')).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD',
    );
  });
});
