// The public API shared by every entry point.
export { S3ClientBase, type ClientOptions, type Runtime } from './client.ts';
export type { S3ClientConfig } from './config.ts';
export * from './errors.ts';
export type { HttpRequest, HttpResponse, ResponseBody, Transport, RequestBody } from './http/types.ts';
export { fetchTransport } from './http/fetch-transport.ts';
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
export type { UploadInput, UploadResult, UploadProgress } from './transfer/upload.ts';
export type { Credentials } from './sigv4/types.ts';
