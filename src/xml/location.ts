// GetBucketLocation: <LocationConstraint>.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
import { childText, expectRoot, parseXml } from './parser.ts';

// Two legacy spellings: no constraint at all is us-east-1, and `EU` is eu-west-1.
const LEGACY = new Map([
  ['', 'us-east-1'],
  ['EU', 'eu-west-1'],
]);

/** The bucket's region. */
export function parseBucketLocation(text: string): string {
  const document = parseXml(text);
  expectRoot(document, 'LocationConstraint');
  const region = (childText(document, 'LocationConstraint') ?? '').trim();
  return LEGACY.get(region) ?? region;
}
