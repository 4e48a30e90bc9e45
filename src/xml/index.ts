// S3's XML: strict parsing into typed results, and the request bodies S3 takes.
export {
  badXml,
  childBoolean,
  childDate,
  childElement,
  childElements,
  childInteger,
  childText,
  expectRoot,
  parseXml,
  required,
  rootName,
  type XmlElement,
} from './parser.ts';
export { decodeUrlEncoded, isUrlEncoded, nameDecoder } from './url-encoding.ts';
export { readOwner, type Owner } from './owner.ts';
export { parseError, parseResultOrError, readError, type ResultOrError, type S3ErrorBody } from './error.ts';
export { parseListBuckets, type Bucket, type ListBucketsResult } from './list-buckets.ts';
export { parseListObjectsV2, type CommonPrefix, type ListedObject, type ListObjectsV2Result } from './list-objects-v2.ts';
export {
  parseCompleteMultipartUpload,
  parseCompleteMultipartUploadOutcome,
  parseInitiateMultipartUpload,
  parseListMultipartUploads,
  parseListParts,
  type CompleteMultipartUploadResult,
  type InitiateMultipartUploadResult,
  type ListMultipartUploadsResult,
  type ListPartsResult,
  type MultipartUpload,
  type Part,
} from './multipart.ts';
export { parseDeleteResult, type DeletedObject, type DeleteError, type DeleteResult } from './delete-objects.ts';
export { parseCopyObjectOutcome, parseCopyObjectResult, parseCopyPartOutcome, type CopyObjectResult } from './copy-object.ts';
export { parseBucketLocation } from './location.ts';
export {
  buildCompleteMultipartUpload,
  buildCreateBucketConfiguration,
  buildDeleteObjects,
  type CompletedPart,
  type ObjectIdentifier,
} from './build.ts';
