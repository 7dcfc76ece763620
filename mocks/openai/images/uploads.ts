/**
 * Uploaded images of edits and variations: read a multipart file, recognise PNG / JPEG / WebP / GIF by
 * their bytes (dimensions and PNG colour mode too), and apply each family's limits — DALL·E 2: one
 * square PNG under 4 MB (with transparency when no mask is sent, a mask of the same size);
 * GPT image models: up to 16 PNG/WebP/JPEG files under 50 MB each.
 */
import { errors } from '../errors.ts';
import { imageErrors } from './image-errors.ts';
import { readPngHeader } from './png.ts';

export interface Upload {
  field: string;
  name: string;
  bytes: Uint8Array;
  format: 'png' | 'jpeg' | 'webp' | 'gif' | 'unknown';
  /** The part's content type, or one guessed from the file name. */
  mimetype: string;
  width: number;
  height: number;
  /** PNG colour mode (`RGBA`, `RGB`, ...); undefined for other formats. */
  mode?: string;
}

export const DALLE_MAX_BYTES = 4 * 1024 * 1024;
export const GPT_MAX_BYTES = 50 * 1024 * 1024;
export const GPT_MAX_IMAGES = 16;

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif',
};

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) { i++; continue; }
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    }
    i += 2 + length;
  }
  return { width: 0, height: 0 };
}

function webpSize(bytes: Uint8Array): { width: number; height: number } {
  const chunk = ascii(bytes, 12, 16);
  const le = (at: number, n: number) => { let v = 0; for (let k = n - 1; k >= 0; k--) v = v * 256 + bytes[at + k]!; return v; };
  if (chunk === 'VP8L') {
    const bits = le(21, 4);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: le(24, 3) + 1, height: le(27, 3) + 1 };
  if (chunk === 'VP8 ') return { width: le(26, 2) & 0x3fff, height: le(28, 2) & 0x3fff };
  return { width: 0, height: 0 };
}

/** Recognise an image by its first bytes. */
export function sniffImage(bytes: Uint8Array): Pick<Upload, 'format' | 'width' | 'height' | 'mode'> {
  const png = readPngHeader(bytes);
  if (png) return { format: 'png', width: png.width, height: png.height, mode: png.mode };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: 'jpeg', ...jpegSize(bytes) };
  if (bytes.length > 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { format: 'webp', ...webpSize(bytes) };
  if (ascii(bytes, 0, 4) === 'GIF8') return { format: 'gif', width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
  return { format: 'unknown', width: 0, height: 0 };
}

export async function readUpload(field: string, file: File): Promise<Upload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const declared = file.type && file.type !== 'application/octet-stream' ? file.type : undefined;
  return { field, name: file.name, bytes, mimetype: declared ?? MIME_BY_EXTENSION[extension] ?? 'application/octet-stream', ...sniffImage(bytes) };
}

/** DALL·E 2: the one square PNG under 4 MB; without a mask it must carry transparency. */
export function checkDalleUploads(images: Upload[], mask: Upload | undefined, endpoint: 'edits' | 'variations'): void {
  if (images.length > 1) throw errors.arrayTooLong('image', 1, images.length);
  const image = images[0]!;
  if (image.format !== 'png' || image.bytes.length >= DALLE_MAX_BYTES) throw imageErrors.notPngUnder4MB('image');
  if (image.width !== image.height) throw imageErrors.notSquare(image.width, image.height);
  if (endpoint === 'variations') return;
  if (mask) {
    if (mask.format !== 'png' || mask.bytes.length >= DALLE_MAX_BYTES) throw imageErrors.notPngUnder4MB('mask');
    if (mask.width !== image.width || mask.height !== image.height) {
      throw imageErrors.maskSizeMismatch(`${mask.width}x${mask.height}`, `${image.width}x${image.height}`);
    }
  } else if (!['RGBA', 'LA', 'L'].includes(image.mode ?? '')) {
    throw imageErrors.needsTransparency(image.mode ?? 'unknown');
  }
}

/** GPT image models: up to 16 PNG/WebP/JPEG images under 50 MB; a mask is a PNG the size of the first. */
export function checkGptUploads(images: Upload[], mask: Upload | undefined): void {
  if (images.length > GPT_MAX_IMAGES) throw errors.arrayTooLong('image', GPT_MAX_IMAGES, images.length);
  for (const image of images) {
    if (!['png', 'jpeg', 'webp'].includes(image.format)) {
      throw imageErrors.unsupportedMimetype('image', image.format === 'unknown' ? image.mimetype : `image/${image.format}`);
    }
    if (image.bytes.length >= GPT_MAX_BYTES) throw imageErrors.fileTooLarge('image', image.bytes.length, GPT_MAX_BYTES);
  }
  if (!mask) return;
  if (mask.format !== 'png') throw imageErrors.unsupportedMimetype('mask', mask.mimetype);
  const first = images[0]!;
  if (mask.width !== first.width || mask.height !== first.height) {
    throw imageErrors.maskSizeMismatch(`${mask.width}x${mask.height}`, `${first.width}x${first.height}`);
  }
}
