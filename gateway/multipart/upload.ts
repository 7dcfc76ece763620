/**
 * A client's multipart/form-data body on its way upstream, streamed, never buffered whole. The body
 * passes through a MultipartRewriter (which rewrites the `model` field and checks the structure); the
 * result is a pull-based stream, so a byte is read from the client only when the upstream connection
 * asks for one and memory stays bounded whatever the file sizes. With `readAhead`, the body is read up to
 * the end of the field's part before `openMultipart` returns — routing needs the model before the
 * upstream call starts — and those bytes (bounded by `maxBodyBytes`) are the stream's first chunks.
 * Errors found while streaming (malformed body, too large, a refused field value) end the stream and are
 * kept in `failure`, for the route to answer with once the upstream call fails because of them.
 */
import { PayloadTooLargeError } from '../errors.ts';
import { multipartBoundary } from './boundary.ts';
import { MultipartRewriter, type FieldRewrite } from './rewriter.ts';

export interface MultipartUpload {
  /** The field's value as the client sent it; undefined when it has not been seen (yet). */
  readonly fieldValue: string | undefined;
  /** The body to forward, with the same boundary as the client's content-type. */
  readonly body: ReadableStream<Uint8Array>;
  /** Why `body` errored, if it did (a GatewayError the route answers with). */
  readonly failure: unknown;
}

export interface OpenMultipartOptions {
  maxBodyBytes: number;
  field: FieldRewrite;
  /** Read until the field's part has ended (or the body has) before returning. */
  readAhead: boolean;
}

export async function openMultipart(request: Request, options: OpenMultipartOptions): Promise<MultipartUpload> {
  const boundary = multipartBoundary(request.headers.get('content-type'));
  const { maxBodyBytes } = options;
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const rewriter = new MultipartRewriter(boundary, options.field);
  const reader = (request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() })).getReader();
  const queued: Uint8Array[] = [];
  let received = 0;
  let ended = false;
  let failure: unknown;

  const readMore = async (): Promise<void> => {
    const next = await reader.read();
    if (next.done) {
      ended = true;
      queued.push(...rewriter.end());
      return;
    }
    received += next.value.byteLength;
    if (received > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
    queued.push(...rewriter.push(next.value));
  };

  if (options.readAhead) {
    try {
      while (rewriter.fieldValue === undefined && !ended) await readMore();
    } catch (error) {
      await reader.cancel(error).catch(() => {});
      throw error;
    }
  }

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (queued.length === 0 && !ended) await readMore();
        if (queued.length === 0) { controller.close(); return; }
        for (const piece of queued.splice(0)) controller.enqueue(piece);
      } catch (error) {
        failure = error;
        controller.error(error);
        await reader.cancel(error).catch(() => {});
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
    },
  }, { highWaterMark: 0 });

  return {
    get fieldValue() { return rewriter.fieldValue; },
    body,
    get failure() { return failure; },
  };
}
