/**
 * Images and PDFs as Claude sees them: the pixel size of a base64 image (PNG, JPEG, GIF, WebP headers),
 * its token cost (vision docs: about width × height / 750, after scaling the long edge down to 1568 px),
 * the media type its bytes really are (a mismatch with the declared `media_type` is a 400), and the page
 * count of a PDF (PDF docs: each page costs its text plus an image of the page; we count 2,000 a page).
 */

export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
/** Largest base64 image the API accepts, in bytes (after decoding). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Largest edge in pixels the API accepts. */
export const MAX_IMAGE_EDGE = 8000;
/** Cost of an image whose size is unknown (a URL source): a full-size 1568×1568 image, capped. */
export const UNKNOWN_IMAGE_TOKENS = 1600;
export const PDF_PAGE_TOKENS = 2000;

export interface ImageSize { width: number; height: number }

/** The media type the bytes are, by magic number; undefined when none of the four. */
export function sniffImageType(bytes: Uint8Array): (typeof IMAGE_MEDIA_TYPES)[number] | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => ((u16be(b, i) << 16) | u16be(b, i + 2)) >>> 0;

/** Pixel size from the image header, when it can be read. */
export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  switch (sniffImageType(bytes)) {
    case 'image/png': return bytes.length >= 24 ? { width: u32be(bytes, 16), height: u32be(bytes, 20) } : undefined;
    case 'image/gif': return bytes.length >= 10 ? { width: u16le(bytes, 6), height: u16le(bytes, 8) } : undefined;
    case 'image/webp': return webpSize(bytes);
    case 'image/jpeg': return jpegSize(bytes);
    default: return undefined;
  }
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return undefined;
}

function jpegSize(b: Uint8Array): ImageSize | undefined {
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) { i++; continue; }
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: u16be(b, i + 7), height: u16be(b, i + 5) };
    }
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}

/** Tokens of an image of this size (scaled so the long edge is at most 1568 px). */
export function imageTokens(size: ImageSize | undefined): number {
  if (!size || !size.width || !size.height) return UNKNOWN_IMAGE_TOKENS;
  const scale = Math.min(1, 1568 / Math.max(size.width, size.height));
  const w = Math.max(1, Math.round(size.width * scale));
  const h = Math.max(1, Math.round(size.height * scale));
  return Math.max(1, Math.ceil((w * h) / 750));
}

/** Page count of a PDF (its `/Type /Page` objects), at least 1. */
export function pdfPageCount(bytes: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(bytes);
  return Math.max(1, (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length);
}

/** Base64 decoded strictly; undefined when the text is not base64. */
export function decodeBase64(data: string): Uint8Array | undefined {
  const clean = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}
