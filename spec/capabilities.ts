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
  columns: { id: CapabilityColumn; label: string }[];
  providers: ProviderCapabilities[];
}

export class CapabilityMatrixError extends Error {}

/** Validate a parsed matrix; every problem named by its path. */
export function checkMatrix(raw: unknown): { matrix?: CapabilityMatrix; problems: string[] } {
  const problems: string[] = [];
  const doc = raw as Partial<CapabilityMatrix> | null;
  if (!doc || typeof doc !== 'object') return { problems: ['(root): expected an object with columns and providers'] };
  const columns = Array.isArray(doc.columns) ? doc.columns : [];
  const columnIds = columns.map((c) => c?.id);
  if (JSON.stringify(columnIds) !== JSON.stringify(CAPABILITY_COLUMNS)) problems.push(`/columns: expected ids ${CAPABILITY_COLUMNS.join(', ')} in that order, got ${columnIds.join(', ')}`);
  const providers = Array.isArray(doc.providers) ? doc.providers : [];
  const ids = providers.map((p) => p?.id);
  if (JSON.stringify(ids) !== JSON.stringify(MATRIX_PROVIDERS)) problems.push(`/providers: expected ${MATRIX_PROVIDERS.join(', ')} in the seed's order, got ${ids.join(', ')}`);
  providers.forEach((p, i) => {
    if (typeof p?.label !== 'string' || !p.label) problems.push(`/providers/${i}/label: expected a non-empty string`);
    for (const col of CAPABILITY_COLUMNS) {
      const cell = p?.cells?.[col];
      const at = `/providers/${i}/cells/${col}`;
      if (!cell) { problems.push(`${at}: missing`); continue; }
      if (!CAPABILITY_STATES.includes(cell.state)) problems.push(`${at}/state: expected one of ${CAPABILITY_STATES.join(', ')}, got ${JSON.stringify(cell.state)}`);
      if (typeof cell.source !== 'string' || !/^https:\/\/\S+$/.test(cell.source)) problems.push(`${at}/source: expected the https URL of the documentation the state was taken from`);
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
