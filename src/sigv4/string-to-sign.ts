// Step 2 of SigV4: the string to sign, and the credential scope and date it is built from.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-string-to-sign

import { ALGORITHM, KEY_TYPE } from './constants.ts';

/** `20130524T000000Z` for a Date (UTC, no separators, no milliseconds). */
export function toAmzDate(date: Date): string {
  // 2013-05-24T00:00:00.000Z; an invalid Date throws a RangeError here.
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** `20130524/us-east-1/s3/aws4_request` */
export function credentialScope(shortDate: string, region: string, service: string): string {
  return shortDate + '/' + region + '/' + service + '/' + KEY_TYPE;
}

/** `AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of the canonical request>` */
export function stringToSign(amzDate: string, scope: string, canonicalRequestHash: string, algorithm = ALGORITHM): string {
  return algorithm + '\n' + amzDate + '\n' + scope + '\n' + canonicalRequestHash;
}
