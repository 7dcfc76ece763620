/**
 * The capability matrix honoured by the Vertex simulator for Gemini models. Expectations come from
 * spec/capabilities.yaml (row `vertex`): offered columns work through the SDK in Vertex mode,
 * unsupported ones are refused the way Vertex refuses them; each column is also pinned off and on.
 */
import { describe, it } from 'vitest';
import { CAPABILITY_COLUMNS, capability, providerOffers } from '../../spec/capabilities.ts';
import { CAPABILITY_CASES } from '../gemini/capability-cases.ts';
import { matrixOffers, type CapabilityOverrides } from '../gemini/capabilities.ts';
import { vertexClient } from '../gemini/test-kit.ts';
import { createVertexSimulator } from './index.ts';

const client = (capabilities?: CapabilityOverrides) => vertexClient(createVertexSimulator(capabilities ? { capabilities } : {}));

describe('vertex capabilities from the matrix', () => {
  for (const column of CAPABILITY_COLUMNS) {
    const offered = providerOffers('vertex', column);
    it(`${column} (${capability('vertex', column).state}) ${offered ? 'works' : 'is refused'}`, async () => {
      const cases = CAPABILITY_CASES[column];
      await (offered ? cases.works(client(), matrixOffers('vertex')) : cases.refused(client(), matrixOffers('vertex')));
    });
  }
});

describe('vertex capabilities pinned per instance', () => {
  for (const column of CAPABILITY_COLUMNS) {
    it(`${column}: refused when pinned off, works when pinned on`, async () => {
      await CAPABILITY_CASES[column].refused(client({ [column]: false }), matrixOffers('vertex', { [column]: false }));
      await CAPABILITY_CASES[column].works(client({ [column]: true }), matrixOffers('vertex', { [column]: true }));
    });
  }
});
