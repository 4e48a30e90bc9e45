import { describe, expect, it } from 'vitest';
import { parseBucketLocation } from '../../src/xml/location.ts';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('parseBucketLocation', () => {
  it.each([
    ['a region', `${PROLOG}<LocationConstraint ${NS}>eu-central-1</LocationConstraint>`, 'eu-central-1'],
    ['an empty element (us-east-1)', `${PROLOG}<LocationConstraint ${NS}></LocationConstraint>`, 'us-east-1'],
    ['a self-closing element (us-east-1)', `${PROLOG}<LocationConstraint ${NS}/>`, 'us-east-1'],
    ['the legacy EU', `<LocationConstraint ${NS}>EU</LocationConstraint>`, 'eu-west-1'],
    ['surrounding whitespace', `<LocationConstraint ${NS}>\n  ap-south-1\n</LocationConstraint>`, 'ap-south-1'],
    ['a name that is also an Object.prototype key', `<LocationConstraint>toString</LocationConstraint>`, 'toString'],
  ])('reads %s', (_, xml, region) => {
    expect(parseBucketLocation(xml)).toBe(region);
  });

  it('refuses another root', () => {
    expect(() => parseBucketLocation('<Error><Code>AccessDenied</Code></Error>')).toThrow(/expected <LocationConstraint>/);
  });
});
