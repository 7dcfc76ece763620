/**
 * Media parts (`inlineData`, `fileData`): which MIME types Gemini accepts, and what a part costs in
 * tokens by the documented rates (ai.google.dev/gemini-api/docs/tokens, /image-understanding,
 * /audio, /document-processing): an image is 258 tokens when both sides are ≤ 384 px, else 258 per
 * 768×768 tile (sides read from PNG/JPEG headers; unknown → one tile); audio 32 tokens per second,
 * video 263 per second (WAV duration from its header, other formats estimated from the byte size at
 * 128 kbit/s audio / 1 Mbit/s video); a PDF 258 tokens per page (`/Type /Page` objects); text-like
 * types are counted as their text. A `fileData` part has no bytes here, so it costs one unit of its kind.
 */
export type Modality = 'TEXT' | 'IMAGE' | 'AUDIO' | 'VIDEO' | 'DOCUMENT';

const IMAGE = ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'];
const AUDIO = ['audio/wav', 'audio/x-wav', 'audio/mp3', 'audio/mpeg', 'audio/aiff', 'audio/aac', 'audio/ogg', 'audio/flac', 'audio/webm', 'audio/l16', 'audio/pcm'];
const VIDEO = ['video/mp4', 'video/mpeg', 'video/mov', 'video/quicktime', 'video/avi', 'video/x-flv', 'video/mpg', 'video/webm', 'video/wmv', 'video/3gpp'];
const TEXTUAL = [
  'text/plain', 'text/html', 'text/css', 'text/javascript', 'application/x-javascript', 'text/x-typescript', 'application/x-typescript',
  'text/csv', 'text/markdown', 'text/x-python', 'application/x-python-code', 'application/json', 'text/xml', 'application/rtf', 'text/rtf',
];

const base = (mimeType: string): string => mimeType.split(';')[0]!.trim().toLowerCase();

/** The modality of a supported MIME type, or undefined when Gemini refuses it ("Unsupported MIME type"). */
export function mediaModality(mimeType: string): Modality | undefined {
  const type = base(mimeType);
  if (IMAGE.includes(type)) return 'IMAGE';
  if (AUDIO.includes(type)) return 'AUDIO';
  if (VIDEO.includes(type)) return 'VIDEO';
  if (type === 'application/pdf') return 'DOCUMENT';
  if (TEXTUAL.includes(type)) return 'TEXT';
  return undefined;
}

export function decodeBase64(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function seconds(bytes: Uint8Array, bytesPerSecond: number): number {
  const riff = bytes.length > 44 && String.fromCharCode(...bytes.slice(0, 4)) === 'RIFF';
  const rate = riff ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(28, true) : 0;
  return Math.max(1, Math.ceil((riff && rate > 0 ? bytes.length - 44 : bytes.length) / (riff && rate > 0 ? rate : bytesPerSecond)));
}

/** Tokens of an inline media part whose modality is not TEXT. */
export function mediaTokens(modality: Modality, bytes: Uint8Array | undefined): number {
  switch (modality) {
    case 'IMAGE': {
      const size = bytes && imageSize(bytes);
      if (!size || (size.width <= 384 && size.height <= 384)) return 258;
      return 258 * Math.ceil(size.width / 768) * Math.ceil(size.height / 768);
    }
    case 'AUDIO': return 32 * (bytes ? seconds(bytes, 16_000) : 1);
    case 'VIDEO': return 263 * (bytes ? seconds(bytes, 125_000) : 1);
    case 'DOCUMENT': {
      const pages = bytes ? (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length : 1;
      return 258 * Math.max(1, pages);
    }
    default: return 0;
  }
}
