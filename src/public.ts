// The public API shared by every entry point.
export { S3ClientBase } from './client.ts';
export { S3CoreBase, type ClientOptions, type Runtime } from './core.ts';
// Every operation as a function of a client (S3Core or S3Client): an app that imports only these
// and S3Core ships only what it calls.
export { listBuckets, createBucket, headBucket, deleteBucket } from './ops/buckets.ts';
export { putObject } from './ops/put-object.ts';
export { getObject, headObject } from './ops/get-object.ts';
export { deleteObject, deleteObjects } from './ops/delete-object.ts';
export { copyObject } from './ops/copy-object.ts';
export { listObjectsV2, listObjectsV2Pages, listObjects } from './ops/list-objects-v2.ts';
export { createMultipartUpload, uploadPart, completeMultipartUpload, abortMultipartUpload, listParts, listMultipartUploads } from './ops/multipart.ts';
export { presignGetObject, presignPutObject } from './ops/presign.ts';
export type { S3ClientConfig } from './config.ts';
export * from './errors.ts';
export type { SendOptions } from './send.ts';
export type { S3Request, S3Response, ResponseMetadata } from './ops/types.ts';
export type { HttpRequest, HttpResponse, ResponseBody, Transport, RequestBody } from './http/types.ts';
export { fetchTransport, type FetchTransportOptions } from './http/fetch-transport.ts';
export type * from './ops/buckets.ts';
export type * from './ops/put-object.ts';
export type * from './ops/get-object.ts';
export type * from './ops/delete-object.ts';
export type * from './ops/copy-object.ts';
export type * from './ops/list-objects-v2.ts';
export type * from './ops/multipart.ts';
export type * from './ops/presign.ts';
export type { ObjectInfo, ObjectWriteHeaders, ReadConditions } from './ops/object-headers.ts';
export type { BodyInput } from './ops/body.ts';
export { ResumableUploadError } from './transfer/upload.ts';
export type { UploadInput, UploadResult, UploadProgress, TransferProgress } from './transfer/upload.ts';
export type { DownloadInput, DownloadResult, DownloadBody } from './transfer/download.ts';
export type { ChecksumAlgorithm, ChecksumInput, ChecksumValues } from './checksum/checksum.ts';
export type { Credentials } from './sigv4/types.ts';
