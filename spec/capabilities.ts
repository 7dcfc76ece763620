/**
 * The provider capability matrix of seed 001 (providers × Stream, Non Stream, Tools, JSON Mode, Schema
 * Mode, Prompt Caching, Reasoning, Structured Output), loaded from spec/capabilities.yaml — the single
 * place where a capability claim lives, each cell with the documentation it was taken from. Simulators
 * honour it (an unoffered feature is refused the way that provider refuses it); the gateway, suites and
 * reports read it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const CAPABILITY_COLUMNS = ['stream', 'non_stream', 'tools', 'json_mode', 'schema_mode', 'prompt_caching', 'reasoning', 'structured_output'] as const;
export type CapabilityColumn = (typeof CAPABILITY_COLUMNS)[number];

/** The seed's three-state legend. */
export const CAPABILITY_STATES = ['supported', 'provider-only', 'unsupported'] as const;
/** supported: by the provider and the gateway · provider-only: by the provider, not the gateway · unsupported: the provider does not offer it. */
export type CapabilityState = (typeof CAPABILITY_STATES)[number];

export const MATRIX_PROVIDERS = ['openai', 'azure-openai', 'anthropic', 'bedrock', 'vertex', 'cohere', 'gemini', 'groq', 'ai21', 'cerebras', 'sambanova', 'perplexity', 'together', 'xai', 'deepinfra'] as const;
export type MatrixProvider = (typeof MATRIX_PROVIDERS)[number];

export interface CapabilityCell {
  state: CapabilityState;
  /** The documentation (URL, with a section) the state was taken from. */
  source: string;
  note?: string;
}

export interface ProviderCapabilities {
  id: MatrixProvider;
  label: string; // as in the seed: "Perplexity-AI"
  cells: Record<CapabilityColumn, CapabilityCell>;
}

export interface CapabilityMatrix {
  /** When every cell was last checked against the providers' documentation (YYYY-MM-DD). */
  checked?: string;
  columns: { id: CapabilityColumn; label: string }[];
  providers: ProviderCapabilities[];
}

/** The seed's column headings, in the seed's order. */
const COLUMN_LABELS: Record<CapabilityColumn, string> = {
  stream: 'Stream', non_stream: 'Non Stream', tools: 'Tools', json_mode: 'JSON Mode', schema_mode: 'Schema Mode',
  prompt_caching: 'Prompt Caching', reasoning: 'Reasoning', structured_output: 'Structured Output',
};

/** The seed's provider names. */
const PROVIDER_LABELS: Record<MatrixProvider, string> = {
  openai: 'OpenAI', 'azure-openai': 'Azure OpenAI', anthropic: 'Anthropic', bedrock: 'Bedrock', vertex: 'Vertex', cohere: 'Cohere',
  gemini: 'Gemini', groq: 'Groq', ai21: 'AI21', cerebras: 'Cerebras', sambanova: 'SambaNova', perplexity: 'Perplexity-AI',
  together: 'Together-AI', xai: 'xAI', deepinfra: 'DeepInfra',
};

const CELL_FIELDS = ['state', 'source', 'note'];
/** Hosts that are never documentation (placeholders). */
const PLACEHOLDER_HOST = /^(?:[^.]+\.)*(?:example\.(?:com|org|net|invalid)|invalid|localhost|test)$/i;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function sourceProblem(source: unknown): string | undefined {
  if (typeof source !== 'string' || !/^https:\/\/\S+$/.test(source)) return 'expected the https URL of the documentation the state was taken from';
  let host: string;
  try { host = new URL(source).hostname; } catch { return 'expected the https URL of the documentation the state was taken from'; }
  return PLACEHOLDER_HOST.test(host) ? `expected a documentation URL, got the placeholder host ${host}` : undefined;
}

export class CapabilityMatrixError extends Error {}

/** Validate a parsed matrix; every problem named by its path. */
export function checkMatrix(raw: unknown): { matrix?: CapabilityMatrix; problems: string[] } {
  const problems: string[] = [];
  const doc = raw as Partial<CapabilityMatrix> | null;
  if (!doc || typeof doc !== 'object') return { problems: ['(root): expected an object with columns and providers'] };
  if (doc.checked !== undefined && !(typeof doc.checked === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(doc.checked) && !Number.isNaN(Date.parse(doc.checked)))) {
    problems.push(`/checked: expected the date the matrix was checked as YYYY-MM-DD, got ${JSON.stringify(doc.checked)}`);
  }
  const columns = Array.isArray(doc.columns) ? doc.columns : [];
  const columnIds = columns.map((c) => c?.id);
  if (JSON.stringify(columnIds) !== JSON.stringify(CAPABILITY_COLUMNS)) problems.push(`/columns: expected ids ${CAPABILITY_COLUMNS.join(', ')} in that order, got ${columnIds.join(', ')}`);
  columns.forEach((c, i) => {
    const want = COLUMN_LABELS[c?.id as CapabilityColumn];
    if (want && c.label !== want) problems.push(`/columns/${i}/label: expected the seed's heading ${JSON.stringify(want)}, got ${JSON.stringify(c.label)}`);
  });
  const providers = Array.isArray(doc.providers) ? doc.providers : [];
  const ids = providers.map((p) => p?.id);
  if (JSON.stringify(ids) !== JSON.stringify(MATRIX_PROVIDERS)) problems.push(`/providers: expected ${MATRIX_PROVIDERS.join(', ')} in the seed's order, got ${ids.join(', ')}`);
  providers.forEach((p, i) => {
    const wantLabel = PROVIDER_LABELS[p?.id as MatrixProvider];
    if (typeof p?.label !== 'string' || !p.label) problems.push(`/providers/${i}/label: expected a non-empty string`);
    else if (wantLabel && p.label !== wantLabel) problems.push(`/providers/${i}/label: expected the seed's name ${JSON.stringify(wantLabel)}, got ${JSON.stringify(p.label)}`);
    const cells: unknown = p?.cells;
    if (!isRecord(cells)) { problems.push(`/providers/${i}/cells: expected an object with one cell per column`); return; }
    for (const key of Object.keys(cells)) {
      if (!(CAPABILITY_COLUMNS as readonly string[]).includes(key)) problems.push(`/providers/${i}/cells/${key}: unknown column (known: ${CAPABILITY_COLUMNS.join(', ')})`);
    }
    for (const col of CAPABILITY_COLUMNS) {
      const cell = cells[col];
      const at = `/providers/${i}/cells/${col}`;
      if (cell === undefined || cell === null) { problems.push(`${at}: missing`); continue; }
      if (!isRecord(cell)) { problems.push(`${at}: expected an object {state, source, note?}`); continue; }
      for (const key of Object.keys(cell)) if (!CELL_FIELDS.includes(key)) problems.push(`${at}/${key}: unknown field (known: ${CELL_FIELDS.join(', ')})`);
      if (!CAPABILITY_STATES.includes(cell.state as CapabilityState)) problems.push(`${at}/state: expected one of ${CAPABILITY_STATES.join(', ')}, got ${JSON.stringify(cell.state)}`);
      const bad = sourceProblem(cell.source);
      if (bad) problems.push(`${at}/source: ${bad}`);
      if (cell.note !== undefined && (typeof cell.note !== 'string' || !cell.note.trim())) problems.push(`${at}/note: expected a non-empty string when present`);
      if (cell.state === 'provider-only' && (typeof cell.note !== 'string' || !cell.note.trim())) {
        problems.push(`${at}/note: a provider-only cell must say why the gateway cannot pass the feature through`);
      }
    }
  });
  return problems.length ? { problems } : { matrix: doc as CapabilityMatrix, problems };
}

let cached: CapabilityMatrix | undefined;

export function loadCapabilityMatrix(): CapabilityMatrix {
  if (cached) return cached;
  const file = new URL('./capabilities.yaml', import.meta.url);
  const { matrix, problems } = checkMatrix(parseYaml(readFileSync(file, 'utf8')));
  if (!matrix) throw new CapabilityMatrixError(`spec/capabilities.yaml is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  cached = matrix;
  return matrix;
}

export function capability(provider: MatrixProvider, column: CapabilityColumn): CapabilityCell {
  const p = loadCapabilityMatrix().providers.find((x) => x.id === provider);
  if (!p) throw new CapabilityMatrixError(`unknown provider "${provider}"; known: ${MATRIX_PROVIDERS.join(', ')}`);
  return p.cells[column];
}

/** Whether the provider itself offers the capability (supported or provider-only). */
export function providerOffers(provider: MatrixProvider, column: CapabilityColumn): boolean {
  return capability(provider, column).state !== 'unsupported';
}
