// Files on disk: upload from a path, download to a path. Node only (node:fs).
// A download goes to a temporary file beside the target and is renamed into place only when every
// byte arrived and matched, so a failed download never leaves a half-written file behind.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { S3ClientBase } from '../client.ts';
import { AbortError, ArgumentError, IntegrityError } from '../errors.ts';
import type { ObjectWriteHeaders } from '../ops/object-headers.ts';
import { upload, type UploadProgress, type UploadResult } from '../transfer/upload.ts';

export interface UploadFileInput extends ObjectWriteHeaders {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly partSize?: number;
  readonly concurrency?: number;
  readonly onProgress?: (p: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export async function uploadFile(client: S3ClientBase, input: UploadFileInput): Promise<UploadResult> {
  if (typeof input.path !== 'string' || input.path === '') throw new ArgumentError('InvalidPath', 'path must be a non-empty string');
  const { path, ...rest } = input;
  const info = await stat(path);
  if (!info.isFile()) throw new ArgumentError('InvalidPath', `${path} is not a file`);
  return upload(client, { ...rest, body: createReadStream(path, { highWaterMark: 1024 * 1024 }), contentLength: info.size });
}

export interface DownloadFileInput {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly versionId?: string;
  /** Bytes per ranged GET (default 8 MiB). Objects up to one part are fetched with one GET. */
  readonly partSize?: number;
  /** Ranged GETs at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadFileResult {
  readonly eTag: string | undefined;
  readonly contentLength: number;
}

export async function downloadFile(client: S3ClientBase, input: DownloadFileInput): Promise<DownloadFileResult> {
  if (typeof input.path !== 'string' || input.path === '') throw new ArgumentError('InvalidPath', 'path must be a non-empty string');
  const partSize = input.partSize ?? 8 * 1024 * 1024;
  const concurrency = input.concurrency ?? 4;
  if (!Number.isInteger(partSize) || partSize < 1) throw new ArgumentError('InvalidPartSize', 'partSize must be a positive whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ArgumentError('InvalidArgument', 'concurrency must be 1..64');
  const { signal, onProgress } = input;
  const tmp = join(dirname(input.path), `.${basename(input.path)}.${randomBytes(6).toString('hex')}.s3wire-part`);
  const file = await open(tmp, 'wx');
  let loaded = 0;
  try {
    // The first GET also tells the size and the ETag that pins every later range to one version.
    const first = await client.getObject({ bucket: input.bucket, key: input.key, versionId: input.versionId, range: { start: 0, end: partSize - 1 } }, { signal }).catch(async (e: unknown) => {
      // An empty object has no byte 0: S3 answers 416. Fetch it whole instead.
      if ((e as { status?: number }).status === 416) return client.getObject({ bucket: input.bucket, key: input.key, versionId: input.versionId }, { signal });
      throw e;
    });
    const total = first.contentRange ? Number(first.contentRange.split('/')[1]) : first.contentLength;
    if (!Number.isSafeInteger(total)) throw new IntegrityError('BadContentRange', 'the server sent an unreadable Content-Range');
    const eTag = first.eTag;
    const writeRange = async (body: AsyncIterable<Uint8Array>, start: number, expected: number) => {
      let pos = start;
      for await (const chunk of body) {
        if (signal?.aborted) throw new AbortError('ABORTED', 'the download was aborted', { cause: signal.reason });
        if (pos + chunk.length > start + expected) throw new IntegrityError('TooManyBytes', `the server sent more bytes than asked for at ${start}`);
        await file.write(chunk, 0, chunk.length, pos);
        pos += chunk.length;
        loaded += chunk.length;
        onProgress?.({ loaded, total });
      }
      if (pos - start !== expected) throw new IntegrityError('ShortRead', `expected ${expected} bytes at offset ${start}, got ${pos - start}`);
    };
    await writeRange(first.body, 0, Math.min(partSize, total));
    const ranges: Array<[number, number]> = [];
    for (let s = partSize; s < total; s += partSize) ranges.push([s, Math.min(total, s + partSize) - 1]);
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const [s, e] = ranges[next++]!;
        const r = await client.getObject(
          { bucket: input.bucket, key: input.key, versionId: input.versionId, range: { start: s, end: e }, ...(eTag ? { ifMatch: eTag } : {}) },
          { signal },
        );
        await writeRange(r.body, s, e - s + 1);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
    await file.sync();
    await file.close();
    await rename(tmp, input.path);
    return { eTag, contentLength: total };
  } catch (e) {
    await file.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}
