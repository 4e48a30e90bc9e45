// CopyObject's <CopyObjectResult> and UploadPartCopy's <CopyPartResult>: the same two fields.
// Both can fail after 200 OK with an <Error> body, like CompleteMultipartUpload.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
import { parseResultOrError, type ResultOrError } from './error.ts';
import { childDate, childText, expectRoot, parseXml, required, type XmlElement } from './parser.ts';

export interface CopyObjectResult {
  /** As sent, quotes included. */
  eTag: string;
  lastModified: Date | undefined;
}

function reader(rootName: string): (root: XmlElement) => CopyObjectResult {
  return (root) => ({
    eTag: required(childText(root, 'ETag'), `${rootName}.ETag`),
    lastModified: childDate(root, 'LastModified'),
  });
}

const readCopyObject = reader('CopyObjectResult');
const readCopyPart = reader('CopyPartResult');

/** `ok: false` is a copy that failed after 200 OK, for the caller to throw. One parse of the body. */
export function parseCopyObjectOutcome(text: string): ResultOrError<CopyObjectResult> {
  return parseResultOrError(text, 'CopyObjectResult', readCopyObject);
}

/** For a caller that has already ruled out an <Error> body with parseError. */
export function parseCopyObjectResult(text: string): CopyObjectResult {
  return readCopyObject(expectRoot(parseXml(text), 'CopyObjectResult'));
}

export function parseCopyPartOutcome(text: string): ResultOrError<CopyObjectResult> {
  return parseResultOrError(text, 'CopyPartResult', readCopyPart);
}
