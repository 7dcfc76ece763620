/**
 * The file store of one OpenAI simulator: uploaded files and the ones the simulator writes itself
 * (batch output and error files, fine-tuning results), rendered as OpenAI's `file` object. Files past
 * their `expires_at` (on the lifecycle clock) are gone, exactly like deleted ones.
 */
import type { OpenAISim } from '../routes.ts';
import { IdMint, seconds } from './common.ts';

/** Every `purpose` a file object can carry; uploads accept the first six. */
export const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;
export type FilePurpose = (typeof UPLOAD_PURPOSES)[number] | 'assistants_output' | 'batch_output' | 'fine-tune-results';

export interface StoredFile {
  id: string;
  filename: string;
  purpose: FilePurpose;
  /** The exact bytes uploaded (or written). */
  bytes: Uint8Array;
  createdAt: number;
  expiresAt: number | null;
  /** Insertion order, to break ties between files created in the same second. */
  seq: number;
}

export interface NewFile {
  filename: string;
  purpose: FilePurpose;
  bytes: Uint8Array | string;
  /** Unix seconds; defaults to the lifecycle clock's now. */
  createdAt?: number;
  /** Seconds after `createdAt` at which the file expires; null or absent for never. */
  expiresAfter?: number | null;
}

export class FileStore {
  readonly #files = new Map<string, StoredFile>();
  readonly #ids: IdMint;
  #seq = 0;

  constructor(private readonly sim: OpenAISim) {
    this.#ids = new IdMint(`${sim.name}/files`);
  }

  nowSeconds(): number {
    return seconds(this.sim.lifecycleNow());
  }

  create(input: NewFile): StoredFile {
    const bytes = typeof input.bytes === 'string' ? new TextEncoder().encode(input.bytes) : input.bytes;
    const createdAt = input.createdAt ?? this.nowSeconds();
    const file: StoredFile = {
      id: this.#ids.next('file-', 22),
      filename: input.filename,
      purpose: input.purpose,
      bytes,
      createdAt,
      expiresAt: input.expiresAfter == null ? null : createdAt + input.expiresAfter,
      seq: ++this.#seq,
    };
    this.#files.set(file.id, file);
    return file;
  }

  /** The file if it exists, was not deleted and has not expired. */
  get(id: string): StoredFile | undefined {
    const file = this.#files.get(id);
    if (!file) return undefined;
    if (file.expiresAt !== null && file.expiresAt <= this.nowSeconds()) {
      this.#files.delete(id);
      return undefined;
    }
    return file;
  }

  delete(id: string): boolean {
    return this.get(id) !== undefined && this.#files.delete(id);
  }

  /** Live files, newest first (or oldest first with `order=asc`). */
  list(order: 'asc' | 'desc'): StoredFile[] {
    const live = [...this.#files.keys()].map((id) => this.get(id)).filter((f): f is StoredFile => f !== undefined);
    live.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    return order === 'asc' ? live : live.reverse();
  }
}

/** OpenAI's `file` object, keys in the order of OpenAI's examples. */
export function renderFile(file: StoredFile): Record<string, unknown> & { id: string } {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.byteLength,
    created_at: file.createdAt,
    expires_at: file.expiresAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
  };
}
