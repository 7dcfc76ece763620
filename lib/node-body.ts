/**
 * A Node stream (an incoming request, an upstream answer) as the body of a Request/Response, without
 * paying for the web stream when nobody reads it as one. The web stream starts reading only on its first
 * pull (highWaterMark 0); `readNodeBody(message)` reads the Node stream directly instead — a JSON body
 * read whole — when the web stream has not been touched. Either way the bytes are read once.
 */
import type { Readable } from 'node:stream';

interface Lazy { node?: Readable; bytes?: Uint8Array; started: boolean }
const registry = new WeakMap<Request | Response, Lazy>();

export interface LazyBody {
  /** The web stream (made on first access). */
  readonly stream: ReadableStream<Uint8Array>;
  register(owner: Request | Response): void;
  /** Read the rest and drop it (the owner will not). */
  discard(): void;
}

export function lazyBody(node: Readable): LazyBody {
  const lazy: Lazy = { node, started: false };
  let settled = false;
  let made: ReadableStream<Uint8Array> | undefined;
  const make = () => new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!lazy.started) {
        lazy.started = true;
        node.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) node.pause();
        });
        node.on('end', () => { if (!settled) { settled = true; controller.close(); } });
        node.on('error', (error) => { if (!settled) { settled = true; controller.error(error); } });
        node.on('close', () => {
          if (!settled && !(node as { complete?: boolean }).complete && !node.readableEnded) { settled = true; controller.error(new Error('the connection closed before the body ended')); }
        });
      }
      node.resume();
    },
    cancel() { settled = true; lazy.started = true; node.resume(); },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
  return {
    get stream() { return (made ??= make()); },
    register(owner) { registry.set(owner, lazy); },
    discard() { settled = true; lazy.started = true; node.resume(); },
  };
}

/**
 * A body already read whole (the gateway's native lane read it, then handed the request to the fetch
 * handler): the same interface, with `readNodeBody` answering the bytes at once.
 */
export function bufferBody(bytes: Uint8Array): LazyBody {
  const lazy: Lazy = { bytes, started: false };
  let made: ReadableStream<Uint8Array> | undefined;
  return {
    get stream() {
      return (made ??= new ReadableStream<Uint8Array>({
        start(controller) {
          lazy.started = true;
          if (bytes.byteLength) controller.enqueue(bytes);
          controller.close();
        },
      }));
    },
    register(owner) { registry.set(owner, lazy); },
    discard() { lazy.started = true; },
  };
}

/** Thrown by `readNodeBody` when the body exceeds its limit. */
export class BodyTooLargeError extends Error {}

/**
 * The whole body of a Request/Response made with `lazyBody`, read from its Node stream, or undefined
 * when it has none or its web stream was already used (then read it the web way).
 */
export function readNodeBody(owner: Request | Response, limit = Infinity): Promise<Uint8Array> | undefined {
  const lazy = registry.get(owner);
  if (!lazy || lazy.started || owner.bodyUsed) return undefined;
  lazy.started = true;
  const { node, bytes } = lazy;
  if (bytes) return bytes.byteLength > limit ? Promise.reject(new BodyTooLargeError(`body larger than ${limit} bytes`)) : Promise.resolve(bytes);
  if (!node) return undefined;
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    node.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) { node.removeAllListeners('data'); node.resume(); reject(new BodyTooLargeError(`body larger than ${limit} bytes`)); return; }
      chunks.push(chunk);
    });
    node.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    node.once('error', reject);
    node.once('close', () => { if (!node.readableEnded && !(node as { complete?: boolean }).complete) reject(new Error('the connection closed before the body ended')); });
    node.resume();
  });
}
