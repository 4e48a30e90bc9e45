// The client for runtimes with a file system (Node, Bun, Deno): the base client plus files.
import { S3ClientBase, type ClientOptions, type Runtime } from '../client.ts';
import type { UploadResult } from '../transfer/upload.ts';
import { downloadFile, uploadFile, type DownloadFileInput, type DownloadFileResult, type UploadFileInput } from './files.ts';

export class FileS3Client extends S3ClientBase {
  constructor(options: ClientOptions, runtime: Runtime) {
    super(options, runtime);
  }

  /** Upload a local file (multipart above one part), as boto3's upload_file. */
  uploadFile(input: UploadFileInput): Promise<UploadResult> {
    return uploadFile(this, input);
  }

  /** Download to a local file, in parallel ranges pinned to one version; written atomically. */
  downloadFile(input: DownloadFileInput): Promise<DownloadFileResult> {
    return downloadFile(this, input);
  }
}

export type { UploadFileInput, DownloadFileInput, DownloadFileResult };
