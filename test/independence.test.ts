// mocks/ and gateway/ must never import each other (DESIGN.md): a wrong idea of a provider's format
// shared by both would pass every check. This scans every import specifier in both trees.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const re = /(?:^|[^.\w])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(re)) specifiers.push((m[1] ?? m[2])!);
  return specifiers;
}

function crossImports(from: string, forbidden: string): string[] {
  const forbiddenDir = path.join(root, forbidden) + path.sep;
  return files(path.join(root, from)).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.') && path.resolve(path.dirname(file), s).startsWith(forbiddenDir))
      .map((s) => `${path.relative(root, file)} imports ${s}`));
}

describe('independence of mocks/ and gateway/', () => {
  it('the import scanner sees static, type-only, re-export and dynamic imports', () => {
    const src = `import a from '../gateway/a.ts';\nimport type { B } from "../gateway/b.ts";\nexport * from '../gateway/c.ts';\nconst d = await import('../gateway/d.ts');\nimport '../gateway/e.ts';`;
    expect(importsOf(src)).toEqual(['../gateway/a.ts', '../gateway/b.ts', '../gateway/c.ts', '../gateway/d.ts', '../gateway/e.ts']);
  });

  it('mocks/ does not import gateway/', () => {
    expect(crossImports('mocks', 'gateway')).toEqual([]);
  });

  it('gateway/ does not import mocks/', () => {
    expect(crossImports('gateway', 'mocks')).toEqual([]);
  });
});
