/**
 * The Files API: POST /v1/files (multipart upload), GET /v1/files (purpose filter, cursor pages),
 * GET /v1/files/{id}, GET /v1/files/{id}/content (the exact bytes, application/octet-stream) and
 * DELETE /v1/files/{id}. `createFilesApi` also hands batches and fine-tuning what they need: read a
 * file, and write one the simulator produced (batch output, fine-tuning results).
 *
 * Upload rules as OpenAI documents them: 512 MB per file (checked from the declared content-length and
 * the part's size: plain arithmetic, so no test needs a 512 MB body), batch and fine-tune files must be
 * `.jsonl` (batch at most 200 MB), `expires_after` between 1 hour and 30 days, batch files expiring
 * after 30 days by default. The content of batch and fine-tune files is checked later, when a batch or
 * a job uses them, as OpenAI does.
 */
import { errors } from '../errors.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from '../routes.ts';
import { cursorPage, listWithCursors } from './common.ts';
import { FileStore, renderFile, UPLOAD_PURPOSES, type FilePurpose, type NewFile, type StoredFile } from './store.ts';

export type { FilePurpose, NewFile, StoredFile };
export { renderFile };

export interface FilesApi {
  routes: OpenAIRoute[];
  /** A live file by id (undefined when unknown, deleted or expired). */
  get(id: string): StoredFile | undefined;
  /** Store a file the simulator wrote itself; it is listed and downloadable like an upload. */
  create(input: NewFile): StoredFile;
}

const MB = 1024 * 1024;
/** OpenAI's per-file ceiling, and the Batch API's tighter one. */
export const MAX_FILE_BYTES = 512 * MB;
export const MAX_BATCH_FILE_BYTES = 200 * MB;
const EXPIRES_AFTER_MIN = 3600;
const EXPIRES_AFTER_MAX = 30 * 24 * 3600;
/** Files with purpose `batch` expire after 30 days unless `expires_after` says otherwise. */
const BATCH_DEFAULT_EXPIRY = 30 * 24 * 3600;
/** Purposes OpenAI will not let you download. */
const NOT_DOWNLOADABLE: readonly string[] = ['assistants'];

/** The size error for an upload of `size` bytes with `purpose`, if any (pure arithmetic). */
export function uploadSizeError(size: number, purpose: string | null) {
  if (size > MAX_FILE_BYTES) return errors.fileTooLarge('512 MB');
  if (purpose === 'batch' && size > MAX_BATCH_FILE_BYTES) return errors.fileTooLarge('200 MB for the Batch API');
  return null;
}

function parseExpiresAfter(form: FormData): number | null {
  const anchor = form.get('expires_after[anchor]');
  const secondsRaw = form.get('expires_after[seconds]');
  if (anchor === null && secondsRaw === null) return null;
  if (anchor === null) throw errors.missingParameter('expires_after.anchor');
  if (secondsRaw === null) throw errors.missingParameter('expires_after.seconds');
  if (anchor !== 'created_at') throw errors.invalidEnum('expires_after.anchor', anchor, ['created_at']);
  const text = String(secondsRaw);
  if (!/^\d+$/.test(text)) throw errors.invalidType('expires_after.seconds', 'an integer', text);
  const value = Number(text);
  if (value < EXPIRES_AFTER_MIN) throw errors.belowMinimum('expires_after.seconds', 'integer', EXPIRES_AFTER_MIN, value);
  if (value > EXPIRES_AFTER_MAX) throw errors.aboveMaximum('expires_after.seconds', 'integer', EXPIRES_AFTER_MAX, value);
  return value;
}

const KNOWN_FIELDS = new Set(['file', 'purpose', 'expires_after[anchor]', 'expires_after[seconds]']);

async function upload(store: FileStore, ctx: RouteContext): Promise<Response> {
  const declared = Number(ctx.request.headers.get('content-length') ?? ctx.bytes.byteLength);
  const early = uploadSizeError(Number.isFinite(declared) ? declared : 0, null);
  if (early) throw early;
  const form = await ctx.formData();
  const unknown = [...new Set(form.keys())].filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length) throw errors.unrecognizedArguments(unknown);
  const file = form.get('file');
  if (file === null) throw errors.missingParameter('file');
  if (typeof file === 'string') throw errors.invalidType('file', 'a file', file);
  const purpose = form.get('purpose');
  if (purpose === null) throw errors.missingParameter('purpose');
  if (!(UPLOAD_PURPOSES as readonly unknown[]).includes(purpose)) throw errors.invalidEnum('purpose', purpose, UPLOAD_PURPOSES);
  const sizeError = uploadSizeError(file.size, String(purpose));
  if (sizeError) throw sizeError;
  const filename = file.name || 'upload';
  if (purpose === 'batch' && !filename.toLowerCase().endsWith('.jsonl')) {
    throw errors.invalidRequest('Invalid file format for Batch API. Must be .jsonl');
  }
  if (purpose === 'fine-tune' && !filename.toLowerCase().endsWith('.jsonl')) {
    throw errors.invalidRequest('Invalid file format for Fine-Tuning API. Must be .jsonl');
  }
  const expiresAfter = parseExpiresAfter(form) ?? (purpose === 'batch' ? BATCH_DEFAULT_EXPIRY : null);
  const stored = store.create({
    filename,
    purpose: purpose as FilePurpose,
    bytes: new Uint8Array(await file.arrayBuffer()),
    expiresAfter,
  });
  return jsonResponse(renderFile(stored), ctx.headers([ctx.method, ctx.path, ctx.entry.seq]));
}

function list(store: FileStore, ctx: RouteContext): Response {
  const order = ctx.query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw errors.invalidEnum('order', order, ['asc', 'desc']);
  const purpose = ctx.query.get('purpose');
  const files = store.list(order).filter((f) => !purpose || f.purpose === purpose).map(renderFile);
  const page = cursorPage(files, ctx.query, { defaultLimit: 10000, maxLimit: 10000 });
  return jsonResponse(listWithCursors(page), ctx.headers([ctx.method, ctx.path, ctx.entry.seq]));
}

function found(store: FileStore, id: string): StoredFile {
  const file = store.get(id);
  if (!file) throw errors.fileNotFound(id);
  return file;
}

export function createFilesApi(sim: OpenAISim): FilesApi {
  const store = new FileStore(sim);
  const headers = (ctx: RouteContext) => ctx.headers([ctx.method, ctx.path, ctx.entry.seq]);
  const routes: OpenAIRoute[] = [
    { method: 'POST', path: '/v1/files', handle: (ctx) => upload(store, ctx) },
    { method: 'GET', path: '/v1/files', handle: (ctx) => list(store, ctx) },
    { method: 'GET', path: '/v1/files/:file_id', handle: (ctx) => jsonResponse(renderFile(found(store, ctx.params.file_id!)), headers(ctx)) },
    {
      method: 'DELETE',
      path: '/v1/files/:file_id',
      handle: (ctx) => {
        const file = found(store, ctx.params.file_id!);
        store.delete(file.id);
        return jsonResponse({ id: file.id, object: 'file', deleted: true }, headers(ctx));
      },
    },
    {
      method: 'GET',
      path: '/v1/files/:file_id/content',
      handle: (ctx) => {
        const file = found(store, ctx.params.file_id!);
        if (NOT_DOWNLOADABLE.includes(file.purpose)) {
          throw errors.invalidRequest(`Not allowed to download files of purpose: ${file.purpose}`);
        }
        return new Response(file.bytes as unknown as BodyInit, {
          status: 200,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.byteLength), ...headers(ctx) },
        });
      },
    },
  ];
  return { routes, get: (id) => store.get(id), create: (input) => store.create(input) };
}
