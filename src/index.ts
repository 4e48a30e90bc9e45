// s3wire for Node, Bun and Deno: undici transport (loaded on first request), node:crypto signer.
import { S3ClientBase, type ClientOptions } from './client.ts';
import { downloadFile, uploadFile, type DownloadFileInput, type DownloadFileResult, type UploadFileInput } from './node/files.ts';
import { nodeRuntime } from './node/runtime.ts';
import type { UploadResult } from './transfer/upload.ts';

export class S3Client extends S3ClientBase {
  constructor(options: ClientOptions = {}) {
    super(options, nodeRuntime);
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

export * from './public.ts';
export type { UploadFileInput, DownloadFileInput, DownloadFileResult };
