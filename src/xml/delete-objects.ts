// DeleteObjects: <DeleteResult>. Keys come back as sent (DeleteObjects has no encoding-type).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
import { childBoolean, childElements, childText, expectRoot, parseXml, required } from './parser.ts';

export interface DeletedObject {
  key: string;
  versionId?: string;
  /** True when the delete created (or removed) a delete marker, in a versioned bucket. */
  deleteMarker?: boolean;
  deleteMarkerVersionId?: string;
}

/** One key S3 could not delete; the others in the request may still have gone. */
export interface DeleteError {
  key: string;
  code: string;
  message: string;
  versionId?: string;
}

export interface DeleteResult {
  /** Empty when the request asked for quiet mode. */
  deleted: DeletedObject[];
  errors: DeleteError[];
}

export function parseDeleteResult(text: string): DeleteResult {
  const root = expectRoot(parseXml(text), 'DeleteResult');
  return {
    deleted: childElements(root, 'Deleted').map((deleted) => ({
      key: required(childText(deleted, 'Key'), 'Deleted.Key'),
      versionId: childText(deleted, 'VersionId'),
      deleteMarker: childBoolean(deleted, 'DeleteMarker'),
      deleteMarkerVersionId: childText(deleted, 'DeleteMarkerVersionId'),
    })),
    errors: childElements(root, 'Error').map((error) => ({
      key: required(childText(error, 'Key'), 'Error.Key'),
      code: required(childText(error, 'Code'), 'Error.Code'),
      message: childText(error, 'Message') ?? '',
      versionId: childText(error, 'VersionId'),
    })),
  };
}
