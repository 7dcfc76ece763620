/**
 * What images and PDFs cost in prompt tokens, following OpenAI's vision and file-input guides:
 * data URLs are decoded and the image size read from the PNG/JPEG/GIF/WebP header; tile models pay a
 * base plus a price per 512px tile (low detail: the base only), patch models pay per 32px patch. An
 * image behind an https URL is never downloaded: it is priced as 1024×1024. A PDF costs, per page, the
 * page rendered as an image plus the tokens of the text the page shows uncompressed; a `file_id` (whose
 * bytes the chat module cannot see) is priced as one page.
 */
import type { ImageCost } from './models.ts';

export interface DataUrl { mime: string; base64: boolean; bytes: Uint8Array }

/** Parse `data:<mime>[;base64],<payload>`; `null` when it is not a data URL at all. */
export function parseDataUrl(url: string): DataUrl | null {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return null;
  const base64 = /;base64/i.test(match[2]!);
  const payload = match[3]!;
  const bytes = base64 ? Buffer.from(payload, 'base64') : new TextEncoder().encode(decodeURIComponent(payload));
  return { mime: match[1]!.toLowerCase(), base64, bytes: new Uint8Array(bytes) };
}

export interface Size { width: number; height: number }

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** The pixel size of a PNG, JPEG, GIF or WebP image; `null` for anything else. */
export function imageSize(bytes: Uint8Array): Size | null {
  if (bytes.length >= 24 && ascii(bytes, 1, 3) === 'PNG') {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === 'GIF') return { width: le16(bytes, 6), height: le16(bytes, 8) };
  if (bytes.length >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    const chunk = ascii(bytes, 12, 4);
    if (chunk === 'VP8X') return { width: le24(bytes, 24) + 1, height: le24(bytes, 27) + 1 };
    if (chunk === 'VP8 ') return { width: le16(bytes, 26) & 0x3fff, height: le16(bytes, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    return null;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let i = 2; i + 9 < bytes.length;) {
      if (bytes[i] !== 0xff) { i++; continue; }
      const marker = bytes[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: be16(bytes, i + 7), height: be16(bytes, i + 5) };
      }
      i += 2 + be16(bytes, i + 2);
    }
  }
  return null;
}

/** The size assumed for an image the simulator does not download (an https URL). */
export const UNKNOWN_IMAGE_SIZE: Size = { width: 1024, height: 1024 };

/** Prompt tokens of one image for a model, at `detail` (`low`, `high` or `auto`, which prices as high). */
export function imageTokens(cost: ImageCost, size: Size, detail: string): number {
  if (cost.kind === 'none') return 0;
  if (cost.kind === 'patches') return Math.ceil(patchCount(size) * cost.multiplier);
  if (detail === 'low') return cost.base;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit; height *= fit;
  const shrink = Math.min(1, 768 / Math.min(width, height));
  width *= shrink; height *= shrink;
  return cost.base + cost.tile * Math.ceil(width / 512) * Math.ceil(height / 512);
}

function patchCount({ width, height }: Size): number {
  const raw = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (raw <= 1536) return raw;
  let r = Math.sqrt((32 * 32 * 1536) / (width * height));
  r *= Math.min(Math.floor((width * r) / 32) / ((width * r) / 32), Math.floor((height * r) / 32) / ((height * r) / 32));
  return Math.min(1536, Math.ceil((width * r) / 32) * Math.ceil((height * r) / 32));
}

/** A US-letter page rendered for the model. */
const PAGE_SIZE: Size = { width: 1275, height: 1650 };

/** Pages of a PDF (its `/Type /Page` objects; at least one). */
export function pdfPages(bytes: Uint8Array): number {
  const text = Buffer.from(bytes).toString('latin1');
  return Math.max(1, (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length);
}

/** Text shown by uncompressed content streams: the `(...) Tj` / `[...] TJ` string operands. */
function pdfText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  return (text.match(/\((?:[^()\\]|\\.)*\)\s*T[jJ]/g) ?? []).map((s) => s.slice(1, s.lastIndexOf(')'))).join(' ');
}

/**
 * What a PDF costs a model: the page images in tokens, and the text to count with the tokenizer
 * (`bytes` null: a `file_id`, priced as one blank page).
 */
export function pdfCost(cost: ImageCost, bytes: Uint8Array | null): { imageTokens: number; text: string } {
  const pages = bytes ? pdfPages(bytes) : 1;
  const pageImage = cost.kind === 'none' ? 0 : imageTokens(cost, PAGE_SIZE, 'high');
  return { imageTokens: pages * pageImage, text: bytes ? pdfText(bytes) : '' };
}
