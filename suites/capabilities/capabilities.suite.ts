/**
 * The provider capability matrix, measured: for each provider account of the target × each column of
 * seed 001's matrix (stream, non_stream, tools, json_mode, schema_mode, prompt_caching, reasoning,
 * structured_output), one scenario whose verdict on `capability.<column>` follows from the claim in
 * spec/capabilities.yaml (measure.ts). Cases carry provider and capability; the report builds the matrix.
 */
import { describe, test } from 'vitest';
import { CAPABILITY_COLUMNS, MATRIX_PROVIDERS, capability, loadCapabilityMatrix, type MatrixProvider } from '../../spec/capabilities.ts';
import { currentTarget, scenario } from '../scenario.ts';
import { checkIdOf, measureCapability } from './measure.ts';

const matrix = loadCapabilityMatrix();
const columnLabel = new Map(matrix.columns.map((c) => [c.id, c.label]));
const providerLabel = new Map(matrix.providers.map((p) => [p.id as string, p.label]));
const isMatrixProvider = (id: string): id is MatrixProvider => (MATRIX_PROVIDERS as readonly string[]).includes(id);

const target = currentTarget();

describe('provider capability matrix', () => {
  if (!target.providers?.length) {
    test.skip(`not measured: target "${target.id}" lists no provider accounts (a target profile can list them as providers: [{ provider, account, chatModel, reasoningModel? }])`, () => {});
    return;
  }
  for (const subject of target.providers) {
    const { provider } = subject;
    if (!isMatrixProvider(provider)) {
      test.skip(`${provider} (${subject.account}): not a provider of the capability matrix (spec/capabilities.yaml)`, () => {});
      continue;
    }
    for (const column of CAPABILITY_COLUMNS) {
      const name = `${providerLabel.get(provider)} · ${columnLabel.get(column)}`;
      // A target profile's claims replace the spec's; a cell the profile leaves out is not measured.
      const profiled = target.capabilityClaims;
      const state = profiled?.[provider]?.[column];
      scenario(name, [checkIdOf(column)], async (s) => {
        if (profiled && !state) { s.about({ provider, capability: column }); s.unimplemented(checkIdOf(column), `not claimed by the target profile (claims.capabilities.${provider}.${column})`); return; }
        await measureCapability(s, subject, column, state ? { state, source: 'target profile', ...(state === 'provider-only' ? { note: 'claimed by the target profile' } : {}) } : capability(provider, column));
      });
    }
  }
});
