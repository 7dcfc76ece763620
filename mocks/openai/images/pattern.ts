/**
 * The pictures the simulator "generates": a deterministic mosaic derived from a seed (an image id,
 * itself derived from the request hash). A small palette and an 8×8 layout table come from the seed;
 * cells are square and a multiple of 8 pixels, so every encoder (PNG, DC-only JPEG, lossless WebP)
 * reproduces the picture exactly and rows repeat within a cell band (cheap to build and to compress).
 * Partial images of a stream are the same mosaic with coarser cells.
 */
import { Rng } from '../../determinism.ts';
import type { Raster } from './png.ts';

export interface PatternSpec {
  seed: string;
  width: number;
  height: number;
  /** Palette colour 0 becomes fully transparent (RGBA output). */
  transparent: boolean;
  /** 0 for the final picture; each step doubles the cell size (partial images). */
  coarseness?: number;
}

const LAYOUT = 8;
const BASE_CELL = 32;

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

export function patternRaster(spec: PatternSpec): Raster {
  const { width, height, transparent } = spec;
  const channels = transparent ? 4 : 3;
  const cell = BASE_CELL << (spec.coarseness ?? 0);
  const paletteRng = new Rng(spec.seed, 'palette');
  const baseHue = paletteRng.int(0, 359);
  const palette = Array.from({ length: 5 }, (_, i) => {
    const hue = (baseHue + i * paletteRng.int(40, 90)) % 360;
    return hslToRgb(hue, 0.35 + paletteRng.next() * 0.5, 0.25 + paletteRng.next() * 0.5);
  });
  const layoutRng = new Rng(spec.seed, 'layout');
  const layout = Array.from({ length: LAYOUT * LAYOUT }, () => layoutRng.int(0, palette.length - 1));
  const colorIndex = (cx: number, cy: number) =>
    (layout[(cy % LAYOUT) * LAYOUT + (cx % LAYOUT)]! + Math.floor((cx + cy) / LAYOUT)) % palette.length;

  const bands = new Map<number, Uint8Array>();
  const band = (cy: number): Uint8Array => {
    let row = bands.get(cy);
    if (row) return row;
    row = new Uint8Array(width * channels);
    for (let x = 0; x < width; x++) {
      const index = colorIndex(Math.floor(x / cell), cy);
      const [r, g, b] = palette[index]!;
      const at = x * channels;
      row[at] = r; row[at + 1] = g; row[at + 2] = b;
      if (channels === 4) row[at + 3] = index === 0 ? 0 : 255;
    }
    bands.set(cy, row);
    return row;
  };
  return { width, height, channels, row: (y) => band(Math.floor(y / cell)) };
}
