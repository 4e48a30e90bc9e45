// The transport seam: what the client asks of an HTTP stack, and nothing more.

/** A request body: bytes, text, or a stream read once. */
export type RequestBody = string | Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export interface HttpRequest {
  readonly method: string;
  /** `http://host:port`, no path. */
  readonly origin: string;
  /** Path and query exactly as they go on the wire (already percent-encoded, never normalized). */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body?: RequestBody | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A response body that can be read once, in whichever form suits. */
export interface ResponseBody extends AsyncIterable<Uint8Array> {
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  /** A web ReadableStream. */
  stream(): ReadableStream<Uint8Array>;
  /** Read and drop the rest, so the connection can be reused. */
  discard(): Promise<void>;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly body: ResponseBody;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Close idle connections now and busy ones as their answers are read, giving up bodies handed out
   * and never read (the undici and HTTP/1.1 transports; fetch's connections are the runtime's to keep).
   */
  close(): Promise<void>;
}
