/**
 * The capability matrix honoured by the Gemini simulator. Expectations come from
 * spec/capabilities.yaml (row `gemini`): every column the matrix marks offered works through the SDK,
 * every column marked unsupported is refused the way the Gemini API refuses it. Each column is also
 * pinned off and on through the simulator's `capabilities` option, so both paths stay tested
 * whatever the matrix says today.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, capability, providerOffers } from '../../spec/capabilities.ts';
import { CAPABILITY_CASES } from './capability-cases.ts';
import { matrixOffers, type CapabilityOverrides } from './capabilities.ts';
import { createGeminiSimulator } from './index.ts';
import { geminiClient } from './test-kit.ts';

const client = (capabilities?: CapabilityOverrides) => geminiClient(createGeminiSimulator(capabilities ? { capabilities } : {}));

describe('gemini capabilities from the matrix', () => {
  for (const column of CAPABILITY_COLUMNS) {
    const offered = providerOffers('gemini', column);
    it(`${column} (${capability('gemini', column).state}) ${offered ? 'works' : 'is refused'}`, async () => {
      const cases = CAPABILITY_CASES[column];
      await (offered ? cases.works(client(), matrixOffers('gemini')) : cases.refused(client(), matrixOffers('gemini')));
    });
  }
});

describe('gemini capabilities pinned per instance', () => {
  for (const column of CAPABILITY_COLUMNS) {
    it(`${column}: refused when pinned off, works when pinned on`, async () => {
      await CAPABILITY_CASES[column].refused(client({ [column]: false }), matrixOffers('gemini', { [column]: false }));
      await CAPABILITY_CASES[column].works(client({ [column]: true }), matrixOffers('gemini', { [column]: true }));
    });
  }

  it('lists no createCachedContent and no thinking flag for unoffered features', async () => {
    const model = await client({ prompt_caching: false, reasoning: false }).models.get({ model: 'gemini-2.5-pro' });
    expect(model.supportedActions).not.toContain('createCachedContent');
    expect(model.thinking).toBeUndefined();
  });
});
