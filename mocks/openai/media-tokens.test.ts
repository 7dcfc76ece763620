/**
 * Image and PDF pricing helpers: size sniffing per format, data URL parsing, the tile and patch
 * formulas of OpenAI's vision guide, PDF page counting.
 */
import { describe, expect, it } from 'vitest';
import { imageSize, imageTokens, parseDataUrl, pdfPages } from './media-tokens.ts';

const jpeg = (w: number, h: number) => Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, // APP0, length 4
  0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);
const gif = (w: number, h: number) => Buffer.concat([Buffer.from('GIF89a'), Buffer.from([w & 0xff, w >> 8, h & 0xff, h >> 8])]);
const webp = (w: number, h: number) => {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1'); b.writeUInt32LE(22, 4); b.write('WEBPVP8X', 8, 'latin1'); b.writeUInt32LE(10, 16);
  b.writeUIntLE(w - 1, 24, 3); b.writeUIntLE(h - 1, 27, 3);
  return b;
};

describe('media tokens', () => {
  it('reads the size of JPEG, GIF and WebP images, and nothing from other bytes', () => {
    expect(imageSize(jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSize(gif(300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageSize(webp(1920, 1080))).toEqual({ width: 1920, height: 1080 });
    expect(imageSize(Buffer.from('hello world, not an image at all'))).toBeNull();
  });

  it('parses data URLs with and without base64', () => {
    expect(parseDataUrl('data:image/png;base64,aGk=')).toMatchObject({ mime: 'image/png', base64: true, bytes: new Uint8Array([104, 105]) });
    expect(parseDataUrl('data:text/plain,hi%21')).toMatchObject({ mime: 'text/plain', base64: false });
    expect(parseDataUrl('https://example.com/a.png')).toBeNull();
  });

  it('prices tiles and patches as OpenAI\'s vision guide does', () => {
    const tiles = { kind: 'tiles', base: 85, tile: 170 } as const;
    expect(imageTokens(tiles, { width: 1024, height: 1024 }, 'high')).toBe(765);
    expect(imageTokens(tiles, { width: 4096, height: 8192 }, 'auto')).toBe(1105);
    expect(imageTokens(tiles, { width: 4096, height: 8192 }, 'low')).toBe(85);
    expect(imageTokens(tiles, { width: 300, height: 200 }, 'high')).toBe(255);
    const patches = { kind: 'patches', multiplier: 1 } as const;
    expect(imageTokens(patches, { width: 1024, height: 1024 }, 'high')).toBe(1024);
    expect(imageTokens(patches, { width: 1800, height: 2400 }, 'high')).toBe(1452); // the guide's worked example
  });

  it('counts PDF pages', () => {
    expect(pdfPages(Buffer.from('<< /Type /Pages >> << /Type /Page >> << /Type/Page >>'))).toBe(2);
    expect(pdfPages(Buffer.from('no pages here'))).toBe(1);
  });
});
