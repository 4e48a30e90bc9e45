// Browser-based uploads: a POST policy document, Base64-encoded, signed with the signing key.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html

import { base64Encode } from './base64.ts';
import { ALGORITHM } from './constants.ts';
import type { SignerContext } from './request-plan.ts';
import { credentialScope, toAmzDate } from './string-to-sign.ts';

export interface PostPolicyInput {
  readonly date: Date;
  /**
   * The policy: a JSON text used byte for byte, or an object whose `conditions` get the
   * x-amz-algorithm / x-amz-credential / x-amz-date (and token) conditions added.
   */
  readonly policy: string | { readonly expiration: string; readonly conditions: readonly unknown[] };
}

export interface SignedPostPolicy {
  /** Base64 policy: the string that was signed. */
  readonly policy: string;
  readonly signature: string;
  /** Form fields to send with the file. */
  readonly fields: Record<string, string>;
}

const utf8 = new TextEncoder();

export function planPostPolicy(ctx: SignerContext, input: PostPolicyInput) {
  const amzDate = toAmzDate(input.date);
  const shortDate = amzDate.slice(0, 8);
  const scope = credentialScope(shortDate, ctx.region, ctx.service);
  const credential = ctx.credentials.accessKeyId + '/' + scope;
  const token = ctx.credentials.sessionToken;
  const fields: Record<string, string> = {
    'x-amz-algorithm': ALGORITHM,
    'x-amz-credential': credential,
    'x-amz-date': amzDate,
  };
  if (token) fields['x-amz-security-token'] = token;
  let text: string;
  if (typeof input.policy === 'string') {
    text = input.policy;
  } else {
    const extra = Object.entries(fields).map(([k, v]) => ({ [k]: v }));
    text = JSON.stringify({ expiration: input.policy.expiration, conditions: [...input.policy.conditions, ...extra] });
  }
  const policy = base64Encode(utf8.encode(text));
  return {
    shortDate,
    region: ctx.region,
    service: ctx.service,
    policy,
    finish: (signature: string): SignedPostPolicy => ({
      policy,
      signature,
      fields: { ...fields, policy, 'x-amz-signature': signature },
    }),
  };
}
