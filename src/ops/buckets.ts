// Bucket actions: ListBuckets, CreateBucket, HeadBucket, DeleteBucket.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
import { checkBucket } from '../validate.ts';
import { parseListBuckets, type ListBucketsResult } from '../xml/list-buckets.ts';
import { buildCreateBucketConfiguration } from '../xml/build.ts';
import { metadataOf, type ResponseMetadata, type S3Request, type S3Response } from './types.ts';

export type { ListBucketsResult };

export function listBucketsRequest(): S3Request {
  return { method: 'GET' };
}

export async function parseListBucketsResponse(res: S3Response): Promise<ListBucketsResult> {
  return parseListBuckets(await res.body.text());
}

export interface CreateBucketInput {
  readonly bucket: string;
  /** Sent as LocationConstraint unless it is us-east-1. Default: the client's region. */
  readonly region?: string;
  readonly acl?: string;
}

export function createBucketRequest(i: CreateBucketInput, clientRegion: string): S3Request {
  const region = i.region ?? clientRegion;
  const body = buildCreateBucketConfiguration(region);
  return {
    method: 'PUT',
    bucket: checkBucket(i.bucket),
    headers: { 'x-amz-acl': i.acl, 'content-type': body ? 'application/xml' : undefined },
    ...(body ? { body } : {}),
  };
}

export interface CreateBucketResult extends ResponseMetadata {
  readonly location: string | undefined;
}

export async function parseCreateBucketResponse(res: S3Response): Promise<CreateBucketResult> {
  await res.body.discard();
  return { location: res.headers.location, ...metadataOf(res) };
}

export interface BucketInput {
  readonly bucket: string;
}

export function headBucketRequest(i: BucketInput): S3Request {
  return { method: 'HEAD', bucket: checkBucket(i.bucket) };
}

export interface HeadBucketResult extends ResponseMetadata {
  readonly region: string | undefined;
}

export async function parseHeadBucketResponse(res: S3Response): Promise<HeadBucketResult> {
  await res.body.discard();
  return { region: res.headers['x-amz-bucket-region'], ...metadataOf(res) };
}

export function deleteBucketRequest(i: BucketInput): S3Request {
  return { method: 'DELETE', bucket: checkBucket(i.bucket) };
}

export async function parseEmptyResponse(res: S3Response): Promise<ResponseMetadata> {
  await res.body.discard();
  return metadataOf(res);
}
