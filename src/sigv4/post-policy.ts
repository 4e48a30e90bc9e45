// Browser-based uploads: a POST policy document, Base64-encoded, signed with the signing key.
// The entry s3wire/sigv4/post-policy, for either signer (it uses the signer's own crypto).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html

import { base64Encode } from './base64.ts';
import { ALGORITHM } from './constants.ts';
import type { SignerContext } from './request-plan.ts';
import type { AsyncSigner, Signer } from './signer.ts';
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

/** Sign a browser POST policy with the signer's crypto and cached signing key. */
export function signPostPolicy(signer: Signer, input: PostPolicyInput): SignedPostPolicy;
export function signPostPolicy(signer: AsyncSigner, input: PostPolicyInput): Promise<SignedPostPolicy>;
export function signPostPolicy(signer: Signer | AsyncSigner, input: PostPolicyInput): SignedPostPolicy | Promise<SignedPostPolicy>;
export function signPostPolicy(signer: Signer | AsyncSigner, input: PostPolicyInput): SignedPostPolicy | Promise<SignedPostPolicy> {
  if (signer.crypto.mode === 'async') return signAsync(signer as AsyncSigner, input);
  const plan = planPostPolicy(signer, input);
  return plan.finish(signer.crypto.hmacHex((signer as Signer).signingKey(plan.shortDate, plan.region, plan.service), plan.policy));
}

async function signAsync(signer: AsyncSigner, input: PostPolicyInput): Promise<SignedPostPolicy> {
  const plan = planPostPolicy(signer, input);
  return plan.finish(await signer.crypto.hmacHex(await signer.signingKey(plan.shortDate, plan.region, plan.service), plan.policy));
}

/** Everything but the signature: the fields and the Base64 policy (the string to sign). */
export function planPostPolicy(id: SignerContext, input: PostPolicyInput) {
  const amzDate = toAmzDate(input.date);
  const shortDate = amzDate.slice(0, 8);
  const scope = credentialScope(shortDate, id.region, id.service);
  const credential = id.accessKeyId + '/' + scope;
  const token = id.sessionToken;
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
    region: id.region,
    service: id.service,
    policy,
    finish: (signature: string): SignedPostPolicy => ({
      policy,
      signature,
      fields: { ...fields, policy, 'x-amz-signature': signature },
    }),
  };
}
