// Bucket actions: ListBuckets, CreateBucket, HeadBucket, DeleteBucket.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
import type { S3CoreBase } from '../core.ts';
import type { SendOptions } from '../send.ts';
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

export async function listBuckets(s3: S3CoreBase, opts?: SendOptions): Promise<ListBucketsResult> {
  return parseListBucketsResponse(await s3.send(listBucketsRequest(), opts));
}

export async function createBucket(s3: S3CoreBase, input: CreateBucketInput, opts?: SendOptions): Promise<CreateBucketResult> {
  return parseCreateBucketResponse(await s3.send(createBucketRequest(input, s3.config.region), opts));
}

export async function headBucket(s3: S3CoreBase, input: BucketInput, opts?: SendOptions): Promise<HeadBucketResult> {
  return parseHeadBucketResponse(await s3.send(headBucketRequest(input), opts));
}

export async function deleteBucket(s3: S3CoreBase, input: BucketInput, opts?: SendOptions): Promise<ResponseMetadata> {
  return parseEmptyResponse(await s3.send(deleteBucketRequest(input), opts));
}
