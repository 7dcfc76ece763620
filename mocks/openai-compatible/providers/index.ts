/**
 * The eight OpenAI-compatible provider tables, in the capability matrix's order.
 */
import type { ProviderProfile } from '../profile.ts';
import { ai21 } from './ai21.ts';
import { cerebras } from './cerebras.ts';
import { deepinfra } from './deepinfra.ts';
import { groq } from './groq.ts';
import { perplexity } from './perplexity.ts';
import { sambanova } from './sambanova.ts';
import { together } from './together.ts';
import { xai } from './xai.ts';

export { ai21, cerebras, deepinfra, groq, perplexity, sambanova, together, xai };

export const PROFILES: readonly ProviderProfile[] = [groq, ai21, cerebras, sambanova, perplexity, together, xai, deepinfra];
