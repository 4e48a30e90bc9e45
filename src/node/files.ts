// Files on disk: upload from a path, download to a path. Node only (node:fs).
// A download goes to a temporary file beside the target and is renamed into place only when every
// byte arrived and matched, so a failed download never leaves a half-written file behind.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { S3ClientBase } from '../client.ts';
import { AbortError, ArgumentError } from '../errors.ts';
import { linkedController } from '../transfer/abort.ts';
import { checkDownloadOptions, openPinned, type DownloadInput } from '../transfer/download.ts';
import { upload, type UploadInput, type UploadResult } from '../transfer/upload.ts';

export interface UploadFileInput extends Omit<UploadInput, 'body' | 'contentLength'> {
  readonly path: string;
}

export async function uploadFile(client: S3ClientBase, input: UploadFileInput): Promise<UploadResult> {
  if (typeof input.path !== 'string' || input.path === '') throw new ArgumentError('InvalidPath', 'path must be a non-empty string');
  const { path, ...rest } = input;
  const info = await stat(path);
  if (!info.isFile()) throw new ArgumentError('InvalidPath', `${path} is not a file`);
  // The size is checked against the bytes read: a file that grows or shrinks meanwhile fails.
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    return await upload(client, { ...rest, body: stream, contentLength: info.size });
  } finally {
    stream.destroy();
  }
}

export interface DownloadFileInput extends DownloadInput {
  readonly path: string;
}

export interface DownloadFileResult {
  readonly eTag: string | undefined;
  readonly versionId: string | undefined;
  readonly contentLength: number;
}

/** pwrite until every byte is out: FileHandle.write may write less than asked. */
async function writeAll(file: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  for (let off = 0; off < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, off, chunk.length - off, position + off);
    off += bytesWritten;
  }
}

export async function downloadFile(client: S3ClientBase, input: DownloadFileInput): Promise<DownloadFileResult> {
  if (typeof input.path !== 'string' || input.path === '') throw new ArgumentError('InvalidPath', 'path must be a non-empty string');
  const { partSize, concurrency } = checkDownloadOptions(input);
  const { signal, onProgress } = input;
  const ctl = linkedController(signal);
  const tmp = join(dirname(input.path), `.${basename(input.path)}.${randomBytes(6).toString('hex')}.s3wire-part`);
  let file: FileHandle | undefined;
  try {
    const pinned = await openPinned(client, input, partSize, ctl.signal);
    const { total, ranges } = pinned;
    const out = (file = await open(tmp, 'wx'));
    let loaded = 0;
    const write = async (body: AsyncIterable<Uint8Array>, start: number) => {
      let pos = start;
      for await (const chunk of body) {
        // An empty chunk (a web stream may hand one over) is no progress: onProgress only rises.
        if (chunk.length === 0) continue;
        await writeAll(out, chunk, pos);
        pos += chunk.length;
        loaded += chunk.length;
        onProgress?.({ loaded, total });
      }
    };
    // `concurrency` streams at once, the first response being one of them; each range is
    // written at its offset as it arrives.
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async (withFirst: boolean) => {
      try {
        if (withFirst) await write(pinned.first, 0);
        while (next < ranges.length && !failure) {
          const r = ranges[next++]!;
          await write(await pinned.fetchRange(r, ctl.signal), r.start);
        }
      } catch (e) {
        // The first failure stops every other range (their errors are only echoes of it).
        if (!failure) {
          failure = { error: e };
          ctl.abort(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ranges.length + 1)) }, (_, i) => worker(i === 0)));
    if (failure) throw (failure as { error: unknown }).error;
    if (total === 0) onProgress?.({ loaded: 0, total: 0 });
    await out.sync();
    await out.close();
    file = undefined;
    await rename(tmp, input.path);
    return { eTag: pinned.info.eTag, versionId: pinned.info.versionId, contentLength: total };
  } catch (e) {
    await file?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    // A body cut by the caller's abort surfaces as the HTTP stack's own error: say what happened.
    if (signal?.aborted && !(e instanceof AbortError)) throw new AbortError('ABORTED', 'the download was aborted', { cause: signal.reason });
    throw e;
  } finally {
    ctl.dispose();
  }
}
