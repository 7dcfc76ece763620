import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  CAPABILITY_COLUMNS, CAPABILITY_STATES, MATRIX_PROVIDERS, CapabilityMatrixError, capability, checkMatrix, loadCapabilityMatrix, providerOffers,
  type CapabilityColumn, type MatrixProvider,
} from './capabilities.ts';

const yamlText = readFileSync(new URL('./capabilities.yaml', import.meta.url), 'utf8');
/** A fresh, mutable copy of the file as parsed (never the cached matrix). */
const raw = (): any => parseYaml(yamlText);
const problemsOf = (doc: unknown) => checkMatrix(doc).problems;
const index = (id: MatrixProvider) => MATRIX_PROVIDERS.indexOf(id);
const state = (p: MatrixProvider, c: CapabilityColumn) => capability(p, c).state;

/** The documentation sites each provider publishes itself (a cell must cite the provider's own docs). */
const OWN_DOCS: Record<MatrixProvider, string[]> = {
  openai: ['developers.openai.com', 'platform.openai.com'],
  'azure-openai': ['learn.microsoft.com'],
  anthropic: ['platform.claude.com', 'docs.anthropic.com'],
  bedrock: ['docs.aws.amazon.com'],
  vertex: ['cloud.google.com', 'docs.cloud.google.com'],
  cohere: ['docs.cohere.com'],
  gemini: ['ai.google.dev'],
  groq: ['console.groq.com'],
  ai21: ['docs.ai21.com'],
  cerebras: ['inference-docs.cerebras.ai'],
  sambanova: ['docs.sambanova.ai'],
  perplexity: ['docs.perplexity.ai'],
  together: ['docs.together.ai'],
  xai: ['docs.x.ai'],
  deepinfra: ['docs.deepinfra.com', 'deepinfra.com'],
};

describe('spec/capabilities.yaml', () => {
  it('passes checkMatrix and loads', () => {
    expect(problemsOf(raw())).toEqual([]);
    const m = loadCapabilityMatrix();
    expect(m.providers.map((p) => p.id)).toEqual([...MATRIX_PROVIDERS]);
    expect(m.columns.map((c) => c.id)).toEqual([...CAPABILITY_COLUMNS]);
    expect(loadCapabilityMatrix()).toBe(m); // cached
  });

  it('is dated, and its header defines every column and the three states', () => {
    expect(loadCapabilityMatrix().checked).toBe('2026-11-23');
    expect(yamlText).toContain('Checked: 2026-11-23');
    for (const col of CAPABILITY_COLUMNS) expect(yamlText).toMatch(new RegExp(`^#\\s+${col}\\s+\\S`, 'm'));
    for (const s of CAPABILITY_STATES) expect(yamlText).toMatch(new RegExp(`^#\\s+${s}\\s+\\S`, 'm'));
  });

  it('has every provider × column, each with a state and an https source on the provider\'s own documentation site', () => {
    const m = loadCapabilityMatrix();
    let cells = 0;
    for (const p of m.providers) {
      for (const col of CAPABILITY_COLUMNS) {
        const cell = p.cells[col];
        expect(cell, `${p.id}.${col}`).toBeDefined();
        expect(CAPABILITY_STATES, `${p.id}.${col}.state`).toContain(cell.state);
        const url = new URL(cell.source);
        expect(url.protocol, `${p.id}.${col}.source`).toBe('https:');
        expect(OWN_DOCS[p.id], `${p.id}.${col}.source ${cell.source}`).toContain(url.hostname);
        cells++;
      }
    }
    expect(cells).toBe(15 * 8);
  });

  it('explains every cell that is not plainly supported', () => {
    for (const p of loadCapabilityMatrix().providers) {
      for (const col of CAPABILITY_COLUMNS) {
        const cell = p.cells[col];
        if (cell.state !== 'supported') expect(cell.note?.trim(), `${p.id}.${col} is ${cell.state} without a note`).toBeTruthy();
      }
    }
  });
});

describe('checkMatrix rejects broken copies, naming the path', () => {
  it('a missing cell', () => {
    const doc = raw();
    delete doc.providers[index('bedrock')].cells.json_mode;
    expect(problemsOf(doc)).toEqual([`/providers/${index('bedrock')}/cells/json_mode: missing`]);
  });

  it('a bad state', () => {
    const doc = raw();
    doc.providers[0].cells.tools.state = 'yes';
    expect(problemsOf(doc)).toEqual([`/providers/0/cells/tools/state: expected one of supported, provider-only, unsupported, got "yes"`]);
  });

  it('a non-https, a missing and a placeholder source', () => {
    const doc = raw();
    doc.providers[1].cells.stream.source = 'http://learn.microsoft.com/azure';
    delete doc.providers[2].cells.tools.source;
    doc.providers[3].cells.reasoning.source = 'https://example.invalid/placeholder';
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^\/providers\/1\/cells\/stream\/source: expected the https URL/);
    expect(problems[1]).toMatch(/^\/providers\/2\/cells\/tools\/source: expected the https URL/);
    expect(problems[2]).toBe('/providers/3/cells/reasoning/source: expected a documentation URL, got the placeholder host example.invalid');
  });

  it('the wrong provider order or a missing provider', () => {
    const swapped = raw();
    [swapped.providers[0], swapped.providers[1]] = [swapped.providers[1], swapped.providers[0]];
    expect(problemsOf(swapped)).toEqual([expect.stringMatching(/^\/providers: expected openai, azure-openai, .* in the seed's order, got azure-openai, openai, /)]);
    const dropped = raw();
    dropped.providers.pop();
    expect(problemsOf(dropped)[0]).toMatch(/^\/providers: expected .*deepinfra in the seed's order, got .*xai$/);
  });

  it('the wrong column order or heading', () => {
    const doc = raw();
    [doc.columns[3], doc.columns[4]] = [doc.columns[4], doc.columns[3]];
    expect(problemsOf(doc)).toEqual([expect.stringMatching(/^\/columns: expected ids stream, non_stream, tools, json_mode, schema_mode, /)]);
    const relabelled = raw();
    relabelled.columns[3].label = 'JSON';
    expect(problemsOf(relabelled)).toEqual(['/columns/3/label: expected the seed\'s heading "JSON Mode", got "JSON"']);
  });

  it('a provider label that is not the seed\'s', () => {
    const doc = raw();
    doc.providers[index('perplexity')].label = 'Perplexity';
    expect(problemsOf(doc)).toEqual([`/providers/${index('perplexity')}/label: expected the seed's name "Perplexity-AI", got "Perplexity"`]);
  });

  it('unknown columns and cell fields (typos)', () => {
    const doc = raw();
    doc.providers[0].cells.vision = { state: 'supported', source: 'https://developers.openai.com/api/docs/guides/images-vision' };
    doc.providers[0].cells.tools.nots = 'typo';
    expect(problemsOf(doc)).toEqual([
      '/providers/0/cells/vision: unknown column (known: stream, non_stream, tools, json_mode, schema_mode, prompt_caching, reasoning, structured_output)',
      '/providers/0/cells/tools/nots: unknown field (known: state, source, note)',
    ]);
  });

  it('a provider-only cell without the reason, and an empty note', () => {
    const doc = raw();
    doc.providers[0].cells.reasoning = { state: 'provider-only', source: 'https://developers.openai.com/api/docs/guides/reasoning' };
    doc.providers[0].cells.tools.note = '  ';
    expect(problemsOf(doc)).toEqual([
      '/providers/0/cells/tools/note: expected a non-empty string when present',
      '/providers/0/cells/reasoning/note: a provider-only cell must say why the gateway cannot pass the feature through',
    ]);
    doc.providers[0].cells.reasoning.note = 'seed says the gateway drops it';
    doc.providers[0].cells.tools.note = 'ok';
    expect(problemsOf(doc)).toEqual([]);
  });

  it('a cell that is not an object, cells that are not an object, a bad date, a non-object root', () => {
    const doc = raw();
    doc.providers[4].cells.stream = 'supported';
    doc.providers[5].cells = [];
    doc.checked = '23/11/2026';
    expect(problemsOf(doc)).toEqual([
      '/checked: expected the date the matrix was checked as YYYY-MM-DD, got "23/11/2026"',
      '/providers/4/cells/stream: expected an object {state, source, note?}',
      '/providers/5/cells: expected an object with one cell per column',
    ]);
    expect(problemsOf(null)).toEqual(['(root): expected an object with columns and providers']);
    expect(checkMatrix(doc).matrix).toBeUndefined();
  });
});

describe('facts checked in the providers\' documentation (2026-11-23)', () => {
  it('OpenAI offers all eight, through the gateway', () => {
    for (const col of CAPABILITY_COLUMNS) expect(state('openai', col), col).toBe('supported');
  });

  it('every provider streams and answers without streaming', () => {
    for (const p of MATRIX_PROVIDERS) {
      expect(providerOffers(p, 'stream'), p).toBe(true);
      expect(providerOffers(p, 'non_stream'), p).toBe(true);
    }
  });

  it('Anthropic: prompt caching, thinking and structured outputs, but no schema-less JSON mode', () => {
    expect(state('anthropic', 'prompt_caching')).toBe('supported');
    expect(state('anthropic', 'reasoning')).toBe('supported');
    expect(state('anthropic', 'structured_output')).toBe('supported');
    expect(state('anthropic', 'json_mode')).toBe('unsupported');
  });

  it('Perplexity: function tools on the Agent API (which replaced Sonar chat completions), json_schema only', () => {
    expect(state('perplexity', 'tools')).toBe('supported');
    expect(capability('perplexity', 'tools').source).toBe('https://docs.perplexity.ai/docs/agent-api/tools/custom-functions');
    expect(state('perplexity', 'schema_mode')).toBe('supported');
    expect(state('perplexity', 'json_mode')).toBe('unsupported');
  });

  it('Groq: automatic prompt caching and strict (constrained) structured outputs', () => {
    expect(state('groq', 'prompt_caching')).toBe('supported');
    expect(state('groq', 'structured_output')).toBe('supported');
  });

  it('AI21 Jamba: json_object JSON mode but no schema, caching or reasoning', () => {
    expect(state('ai21', 'json_mode')).toBe('supported');
    for (const col of ['schema_mode', 'prompt_caching', 'reasoning', 'structured_output'] as const) expect(providerOffers('ai21', col), col).toBe(false);
  });

  it('Bedrock Converse: schema output only (no schema-less JSON), Gemini and Vertex: both', () => {
    expect(state('bedrock', 'json_mode')).toBe('unsupported');
    expect(state('bedrock', 'schema_mode')).toBe('supported');
    for (const p of ['gemini', 'vertex'] as const) {
      expect(state(p, 'json_mode'), p).toBe('supported');
      expect(state(p, 'schema_mode'), p).toBe('supported');
    }
  });

  it('Cohere: no prompt caching', () => {
    expect(providerOffers('cohere', 'prompt_caching')).toBe(false);
  });

  it('capability() names unknown providers', () => {
    expect(() => capability('mistral' as MatrixProvider, 'tools')).toThrow(CapabilityMatrixError);
    expect(() => capability('mistral' as MatrixProvider, 'tools')).toThrow(/unknown provider "mistral"; known: openai, /);
  });
});
