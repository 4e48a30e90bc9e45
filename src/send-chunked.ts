// Bodies that go otherwise than as their bytes: an additional checksum (a header for bytes in
// memory, an aws-chunked trailer for a stream, read once) and chunk-by-chunk signatures
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). S3Client plugs this into the pipeline (send.ts); S3Core
// leaves it out and so bundles without the CRCs and the aws-chunked encoder.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
import { ArgumentError } from './errors.ts';
import { planChecksum } from './checksum/plan.ts';
import { iterate } from './ops/body.ts';
import { isReplayable, type BodyEncoder } from './send.ts';
import { awsChunked, awsChunkedLength, chunkSigner, DEFAULT_CHUNK_SIZE, type ChunkSigner } from './sigv4/aws-chunked.ts';

export const encodeBody: BodyEncoder = async (req, body, headers, pipeline) => {
  const sum = req.checksumAlgorithm ? await planChecksum(req.checksumAlgorithm, body, pipeline.hash) : undefined;
  if (sum) Object.assign(headers, sum.headers);
  const trailer = sum?.trailer;
  const signedChunks = (req.streamingSignature ?? pipeline.config.streamingSignature) && !isReplayable(body);
  if (!signedChunks && trailer === undefined) return undefined;

  if (req.contentLength === undefined) throw new ArgumentError('MissingContentLength', 'an aws-chunked body needs its length');
  headers['content-encoding'] = headers['content-encoding'] ? 'aws-chunked,' + headers['content-encoding'] : 'aws-chunked';
  headers['x-amz-decoded-content-length'] = String(req.contentLength);
  const trailers = trailer ? { [trailer.name]: trailer.valueLength } : undefined;
  headers['content-length'] = String(awsChunkedLength({ decodedLength: req.contentLength, chunkSize: DEFAULT_CHUNK_SIZE, signed: signedChunks, ...(trailers ? { trailers } : {}) }));
  return {
    payload: signedChunks ? { kind: 'streaming', trailer: trailer !== undefined } : { kind: 'streaming-unsigned-trailer' },
    wire(signed) {
      const signer: ChunkSigner<string | Promise<string>> | undefined = signedChunks ? chunkSigner(pipeline.signer, signed) : undefined;
      const t = trailer?.start(iterate(body));
      return awsChunked(t?.body ?? iterate(body), {
        ...(signer ? { signer, seedSignature: signed.signature } : {}),
        chunkSize: DEFAULT_CHUNK_SIZE,
        ...(t ? { trailers: async () => ({ [trailer!.name]: await t.value() }) } : {}),
      });
    },
  };
};
